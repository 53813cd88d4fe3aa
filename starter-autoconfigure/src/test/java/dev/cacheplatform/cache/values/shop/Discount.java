package dev.cacheplatform.cache.values.shop;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A {@code Serializable} class without a default constructor whose constructor converts its argument
 * (a percentage into a factor), so rebuilding it through that constructor from its fields would be
 * wrong.
 */
public final class Discount implements Serializable {

	private static final long serialVersionUID = 1L;

	private final BigDecimal factor;

	public Discount(int percent) {
		this.factor = BigDecimal.ONE.subtract(BigDecimal.valueOf(percent).divide(BigDecimal.valueOf(100), 2,
				RoundingMode.UNNECESSARY));
	}

	public BigDecimal apply(BigDecimal price) {
		return price.multiply(this.factor);
	}

}

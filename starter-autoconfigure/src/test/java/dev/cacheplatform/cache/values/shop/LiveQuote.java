package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.util.function.Supplier;

/**
 * A value no codec can store: it holds a lambda, and it is not {@code Serializable}.
 */
public final class LiveQuote {

	private final String product;

	private final Supplier<BigDecimal> price;

	public LiveQuote(String product, Supplier<BigDecimal> price) {
		this.product = product;
		this.price = price;
	}

	public String getProduct() {
		return this.product;
	}

	public BigDecimal getPrice() {
		return this.price.get();
	}

}

package dev.cacheplatform.cache.values.shop;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Currency;

/** A {@code Serializable} value class without a default constructor. */
public final class Money implements Serializable {

	private static final long serialVersionUID = 1L;

	private final BigDecimal amount;

	private final Currency currency;

	public Money(BigDecimal amount, Currency currency) {
		this.amount = amount;
		this.currency = currency;
	}

	public BigDecimal amount() {
		return this.amount;
	}

	public Currency currency() {
		return this.currency;
	}

}

package dev.cacheplatform.sample.rates;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The rate of a currency pair such as {@code EUR-USD}: one {@code EUR} buys {@link #getRate()}
 * {@code USD}.
 */
@Entity
@Table(name = "exchange_rates")
public class ExchangeRate implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@Column(length = 7)
	private String pair;

	@Column(nullable = false, precision = 19, scale = 6)
	private BigDecimal rate;

	@Column(nullable = false)
	private Instant asOf;

	@Column(nullable = false)
	private String source;

	protected ExchangeRate() {
		this.pair = "";
		this.rate = BigDecimal.ZERO;
		this.asOf = Instant.EPOCH;
		this.source = "";
	}

	public ExchangeRate(String pair, BigDecimal rate, Instant asOf, String source) {
		this.pair = pair;
		this.rate = rate;
		this.asOf = asOf;
		this.source = source;
	}

	public String getPair() {
		return this.pair;
	}

	public BigDecimal getRate() {
		return this.rate;
	}

	public Instant getAsOf() {
		return this.asOf;
	}

	public String getSource() {
		return this.source;
	}

	void publish(BigDecimal rate, Instant asOf, String source) {
		this.rate = rate;
		this.asOf = asOf;
		this.source = source;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ExchangeRate that && this.pair.equals(that.pair)
				&& this.rate.equals(that.rate) && this.asOf.equals(that.asOf) && this.source.equals(that.source));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.pair, this.rate, this.asOf);
	}

	@Override
	public String toString() {
		return "ExchangeRate[" + this.pair + "=" + this.rate.toPlainString() + " as of " + this.asOf + "]";
	}

}

package dev.cacheplatform.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Async;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A deliberately slow exchange-rate lookup, cached per currency pair.
 */
@Service
public class ExchangeRateService {

	private static final long LOOKUP_MILLIS = 200;

	private final AtomicLong lookups = new AtomicLong();

	private final ObjectProvider<ExchangeRateService> self;

	ExchangeRateService(ObjectProvider<ExchangeRateService> self) {
		this.self = self;
	}

	/**
	 * Looks up a rate; takes {@value #LOOKUP_MILLIS} ms when not cached.
	 * @param pair a currency pair such as EUR-USD
	 * @return the rate
	 */
	@Cacheable("rates")
	public ExchangeRate rate(String pair) {
		this.lookups.incrementAndGet();
		try {
			Thread.sleep(LOOKUP_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		BigDecimal rate = BigDecimal.valueOf(Math.abs(pair.hashCode() % 10_000) + 5_000, 4)
			.setScale(4, RoundingMode.HALF_UP);
		return new ExchangeRate(pair, rate);
	}

	/**
	 * Loads a rate in the background, in the caller's tenant, so the next request is a hit.
	 * @param pair a currency pair
	 * @return done when the rate is cached
	 */
	@Async
	public CompletableFuture<ExchangeRate> warm(String pair) {
		return CompletableFuture.completedFuture(this.self.getObject().rate(pair));
	}

	/** @return how many times the slow lookup really ran */
	public long lookups() {
		return this.lookups.get();
	}

	/**
	 * An exchange rate.
	 * @param pair the currency pair
	 * @param rate the rate
	 */
	public record ExchangeRate(String pair, BigDecimal rate) implements java.io.Serializable {
	}

}

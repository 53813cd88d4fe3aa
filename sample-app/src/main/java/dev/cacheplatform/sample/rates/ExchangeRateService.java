package dev.cacheplatform.sample.rates;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import dev.cacheplatform.sample.NotFoundException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exchange rates, cached per currency pair for 6 hours ({@code cache-platform.cache.caches.rates.ttl}
 * in application.yml), the lifetime of a daily reference rate the seed's invoicing app uses.
 */
@Service
public class ExchangeRateService {

	/** The cache of rates by pair. */
	public static final String CACHE = "rates";

	private final ExchangeRateRepository repository;

	private final ObjectProvider<ExchangeRateService> self;

	private final Clock clock;

	ExchangeRateService(ExchangeRateRepository repository, ObjectProvider<ExchangeRateService> self,
			ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.self = self;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * @param pair a currency pair such as {@code EUR-USD}, in any case
	 * @return the rate; read from the database only when not cached
	 * @throws NotFoundException if the pair is unknown (not cached, so a rate published later is found)
	 */
	@Cacheable(cacheNames = CACHE, key = "#pair.toUpperCase()")
	public ExchangeRate rate(String pair) {
		String normalized = pair.toUpperCase(Locale.ROOT);
		return this.repository.findById(normalized).orElseThrow(() -> new NotFoundException("exchange rate " + normalized));
	}

	/**
	 * Publishes a new rate (say, from the day's reference rates) and puts it in the cache at once, so
	 * readers see it without waiting out the TTL and without a slow read.
	 * @param pair the currency pair
	 * @param rate the new rate
	 * @return the stored rate
	 */
	@CachePut(cacheNames = CACHE, key = "#pair.toUpperCase()")
	@Transactional
	public ExchangeRate publish(String pair, BigDecimal rate) {
		String normalized = pair.toUpperCase(Locale.ROOT);
		ExchangeRate stored = this.repository.findById(normalized)
			.orElseThrow(() -> new NotFoundException("exchange rate " + normalized));
		stored.publish(rate, this.clock.instant(), "manual");
		return this.repository.save(stored);
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

}

package dev.cacheplatform.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import dev.cacheplatform.cache.CachePlatformCacheProperties.CacheSpec;

/**
 * Time to live and null handling per cache, from {@code cache-platform.cache.*}: the cache's own
 * settings, else the defaults. Jitter shortens each entry's TTL by a random part of up to
 * {@code ttl-jitter} of it, so entries written together do not expire together; a TTL of zero (no
 * expiry) is never jittered.
 */
public final class TtlPolicy {

	private final CachePlatformCacheProperties properties;

	private final Defaults defaults;

	private final DoubleSupplier random;

	/**
	 * @param properties the cache settings
	 */
	public TtlPolicy(CachePlatformCacheProperties properties) {
		this(properties, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param properties the cache settings
	 * @param random uniform numbers in [0, 1), injectable for tests
	 */
	public TtlPolicy(CachePlatformCacheProperties properties, DoubleSupplier random) {
		this(properties, new Defaults(properties.getTtl(), true, properties.isCacheNullValues(), true), random);
	}

	/**
	 * @param properties the per-cache settings and jitter
	 * @param defaults the defaults of every cache (ours, or stock Spring's settings as fallbacks)
	 */
	public TtlPolicy(CachePlatformCacheProperties properties, Defaults defaults) {
		this(properties, defaults, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param properties the per-cache settings and jitter
	 * @param defaults the defaults of every cache (ours, or stock Spring's settings as fallbacks)
	 * @param random uniform numbers in [0, 1), injectable for tests
	 */
	public TtlPolicy(CachePlatformCacheProperties properties, Defaults defaults, DoubleSupplier random) {
		this.properties = properties;
		this.defaults = defaults;
		this.random = random;
	}

	/**
	 * @param ttl the default TTL to use instead
	 * @return this policy with another default TTL (per-cache TTLs still win)
	 */
	public TtlPolicy withDefaultTtl(Duration ttl) {
		return new TtlPolicy(this.properties,
				new Defaults(ttl, this.defaults.ttlConfigured(), this.defaults.cacheNullValues(),
						this.defaults.cacheNullValuesConfigured()),
				this.random);
	}

	/**
	 * @param cacheName the cache name
	 * @return whether our settings fix the TTL of this cache (its own TTL, or an explicit default), so that
	 * a TTL from the application's Spring Data Redis configuration does not apply
	 */
	public boolean ttlConfigured(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getTtl() != null) || this.defaults.ttlConfigured();
	}

	/**
	 * @param cacheName the cache name
	 * @return whether our settings fix the null handling of this cache
	 */
	public boolean nullHandlingConfigured(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getCacheNullValues() != null) || this.defaults.cacheNullValuesConfigured();
	}

	/** @return the TTL of every cache without a TTL of its own; zero means no expiry */
	public Duration defaultTtl() {
		return this.defaults.ttl();
	}

	/**
	 * The configured TTL of a cache, without jitter.
	 * @param cacheName the cache name
	 * @return the TTL; zero means no expiry
	 */
	public Duration configuredTtl(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getTtl() != null) ? spec.getTtl() : this.defaults.ttl();
	}

	/**
	 * The TTL for one entry being written now, jitter applied.
	 * @param cacheName the cache name
	 * @return the TTL; zero means no expiry
	 */
	public Duration ttlForNewEntry(String cacheName) {
		Duration ttl = configuredTtl(cacheName);
		double jitter = jitter(cacheName);
		if (ttl.isZero() || jitter <= 0) {
			return ttl;
		}
		long millis = ttl.toMillis();
		long reduction = (long) (millis * jitter * this.random.getAsDouble());
		return Duration.ofMillis(Math.max(1, millis - reduction));
	}

	/**
	 * @param cacheName the cache name
	 * @return whether null results are stored in this cache
	 */
	public boolean cachesNullValues(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getCacheNullValues() != null) ? spec.getCacheNullValues()
				: this.defaults.cacheNullValues();
	}

	private double jitter(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getTtlJitter() != null) ? spec.getTtlJitter() : this.properties.getTtlJitter();
	}

	/**
	 * The defaults of every cache.
	 *
	 * @param ttl the default TTL; zero means no expiry
	 * @param ttlConfigured whether the TTL was set in our settings (not a fallback or our built-in default)
	 * @param cacheNullValues whether null results are stored
	 * @param cacheNullValuesConfigured whether that was set in our settings
	 */
	public record Defaults(Duration ttl, boolean ttlConfigured, boolean cacheNullValues,
			boolean cacheNullValuesConfigured) {
	}

}

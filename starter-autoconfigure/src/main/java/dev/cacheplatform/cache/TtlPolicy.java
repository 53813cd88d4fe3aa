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
		this.properties = properties;
		this.random = random;
	}

	/**
	 * The configured TTL of a cache, without jitter.
	 * @param cacheName the cache name
	 * @return the TTL; zero means no expiry
	 */
	public Duration configuredTtl(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getTtl() != null) ? spec.getTtl() : this.properties.getTtl();
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
				: this.properties.isCacheNullValues();
	}

	private double jitter(String cacheName) {
		CacheSpec spec = this.properties.getCaches().get(cacheName);
		return (spec != null && spec.getTtlJitter() != null) ? spec.getTtlJitter() : this.properties.getTtlJitter();
	}

}

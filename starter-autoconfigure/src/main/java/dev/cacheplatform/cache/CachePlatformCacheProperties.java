package dev.cacheplatform.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cache settings ({@code cache-platform.cache.*}): which driver, key prefix, TTL policy and the
 * in-memory bounds.
 */
@ConfigurationProperties("cache-platform.cache")
public class CachePlatformCacheProperties {

	/** Cache backend; defaults to redis when a Redis location is configured, else memory. Env: CACHE_DRIVER. */
	private @Nullable CacheDriver driver;

	/** Key namespace, used verbatim in front of every key (e.g. 'shop:'). Env: CACHE_PREFIX (alias REDIS_PREFIX). */
	private String prefix = "";

	/** Default time to live of an entry; 0 means no expiry. Env: CACHE_TTL_SECONDS. */
	private Duration ttl = Duration.ofSeconds(300);

	/** Fraction of the TTL (0 to 1) by which each entry's TTL is randomly shortened, so entries written together do not expire together. */
	private double ttlJitter;

	/** Maximum number of entries held in memory (memory driver and the tiered L1), across all caches and tenants. Env: CACHE_MAX_CAPACITY. */
	private long maxCapacity = 10_000;

	/** How often expired in-memory entries are swept. Env: CACHE_CLEANUP_INTERVAL. */
	private Duration cleanupInterval = Duration.ofSeconds(60);

	/** Whether null results are cached by default. */
	private boolean cacheNullValues = true;

	/** Per-cache settings by cache name. Env: CACHE_TTLS ('products=1h,users=24h'). */
	private final Map<String, CacheSpec> caches = new LinkedHashMap<>();

	public @Nullable CacheDriver getDriver() {
		return this.driver;
	}

	public void setDriver(@Nullable CacheDriver driver) {
		this.driver = driver;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		requireNotNegative(ttl);
		this.ttl = ttl;
	}

	public double getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(double ttlJitter) {
		requireFraction(ttlJitter);
		this.ttlJitter = ttlJitter;
	}

	public long getMaxCapacity() {
		return this.maxCapacity;
	}

	public void setMaxCapacity(long maxCapacity) {
		if (maxCapacity < 1) {
			throw new IllegalArgumentException("must be a positive number of entries");
		}
		this.maxCapacity = maxCapacity;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
			throw new IllegalArgumentException("must be a positive duration");
		}
		this.cleanupInterval = cleanupInterval;
	}

	public boolean isCacheNullValues() {
		return this.cacheNullValues;
	}

	public void setCacheNullValues(boolean cacheNullValues) {
		this.cacheNullValues = cacheNullValues;
	}

	public Map<String, CacheSpec> getCaches() {
		return this.caches;
	}

	static void requireFraction(@Nullable Double fraction) {
		if (fraction != null && (fraction < 0 || fraction > 1)) {
			throw new IllegalArgumentException("a jitter is a fraction from 0 to 1, e.g. 0.1 for up to 10% shorter");
		}
	}

	static void requireNotNegative(@Nullable Duration ttl) {
		if (ttl != null && ttl.isNegative()) {
			throw new IllegalArgumentException("a time to live must be 0 (no expiry) or positive");
		}
	}

	/**
	 * Settings of one named cache; unset values fall back to the defaults above.
	 */
	public static class CacheSpec {

		/** Time to live of this cache's entries; 0 means no expiry. */
		private @Nullable Duration ttl;

		/** Whether this cache stores null results. */
		private @Nullable Boolean cacheNullValues;

		/** TTL jitter of this cache, a fraction from 0 to 1. */
		private @Nullable Double ttlJitter;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			requireNotNegative(ttl);
			this.ttl = ttl;
		}

		public @Nullable Double getTtlJitter() {
			return this.ttlJitter;
		}

		public void setTtlJitter(@Nullable Double ttlJitter) {
			requireFraction(ttlJitter);
			this.ttlJitter = ttlJitter;
		}

		public @Nullable Boolean getCacheNullValues() {
			return this.cacheNullValues;
		}

		public void setCacheNullValues(@Nullable Boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

	}

}

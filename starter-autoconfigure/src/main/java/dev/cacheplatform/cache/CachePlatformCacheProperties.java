package dev.cacheplatform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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

	/**
	 * How many (cache, tenant) pairs keep their cache objects between calls; beyond it the least recently used
	 * are rebuilt on their next call (entries are not lost). Bounds the heap however many tenants call.
	 */
	private int maxTenantCaches = CachePipeline.DEFAULT_MAX_TENANT_CACHES;

	/** Whether null results are cached by default. */
	private boolean cacheNullValues = true;

	/**
	 * Per-cache settings by cache name. Env: CACHE_TTLS ('products=1h,users=24h') for TTLs,
	 * CACHE_SHARED_CACHES ('company-settings,countries') for caches every tenant shares.
	 */
	private final Map<String, CacheSpec> caches = new LinkedHashMap<>();

	/** How values are turned into bytes in Redis. */
	private final Serialization serialization = new Serialization();

	/** When the cache backend is considered down and bypassed. */
	private final Breaker breaker = new Breaker();

	/** The tiered driver's in-process level one. */
	private final Tiered tiered = new Tiered();

	/** The per-key Redis lock that makes concurrent loads of one missing key run once across all instances. */
	private final LoadLock loadLock = new LoadLock();

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

	public int getMaxTenantCaches() {
		return this.maxTenantCaches;
	}

	public void setMaxTenantCaches(int maxTenantCaches) {
		if (maxTenantCaches < 1) {
			throw new IllegalArgumentException("must be at least 1, was " + maxTenantCaches);
		}
		this.maxTenantCaches = maxTenantCaches;
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

	public Serialization getSerialization() {
		return this.serialization;
	}

	public Tiered getTiered() {
		return this.tiered;
	}

	public Breaker getBreaker() {
		return this.breaker;
	}

	public LoadLock getLoadLock() {
		return this.loadLock;
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

		/**
		 * Whether every tenant shares this cache's entries (keys without a tenant part): for data that is the
		 * same whoever asks, such as a company's settings looked up by company id, so an eviction in one
		 * tenant's request reaches every tenant. Leave false for data that belongs to a tenant.
		 */
		private boolean shared;

		public boolean isShared() {
			return this.shared;
		}

		public void setShared(boolean shared) {
			this.shared = shared;
		}

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

	/**
	 * Value serialization.
	 */
	public static class Serialization {

		/** Preferred format: json (field-based, versioned envelope; JDK serialization only where JSON cannot rebuild a value) or jdk. */
		private ValueFormat format = ValueFormat.JSON;

		/** Packages whose classes may be read back, besides the application's own packages, JDK value types, Spring Data domain types and Hibernate collections. */
		private List<String> allowedPackages = new ArrayList<>();

		/** Compression of values from the threshold up: zstd (smallest entries), lz4 (fastest) or none. */
		private ValueCompression compression = ValueCompression.ZSTD;

		/** Values at least this large are compressed (measured before compression; smaller ones rarely shrink). */
		private DataSize compressionThreshold = DataSize.ofBytes(256);

		/** Largest value cached, measured uncompressed: larger values are returned uncached, and stored entries over it (or declaring more when decompressed) are read as misses. */
		private DataSize maxValueSize = DataSize.ofMegabytes(8);

		public ValueFormat getFormat() {
			return this.format;
		}

		public void setFormat(ValueFormat format) {
			this.format = format;
		}

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

		public ValueCompression getCompression() {
			return this.compression;
		}

		public void setCompression(ValueCompression compression) {
			this.compression = compression;
		}

		public DataSize getCompressionThreshold() {
			return this.compressionThreshold;
		}

		public void setCompressionThreshold(DataSize compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
		}

		public DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(DataSize maxValueSize) {
			if (maxValueSize.toBytes() < 1 || maxValueSize.toBytes() > DataSize.ofGigabytes(1).toBytes()) {
				throw new IllegalArgumentException("must be a size from 1B to 1GB, such as 8MB");
			}
			this.maxValueSize = maxValueSize;
		}

	}

	/**
	 * Preferred value format.
	 */
	public enum ValueFormat {

		/** JSON of the object's fields in a versioned envelope. */
		JSON,

		/** Java serialization, read through an allow-list filter. */
		JDK

	}

	/**
	 * Compression of large values.
	 */
	public enum ValueCompression {

		/** LZ4: very fast, moderate ratio. */
		LZ4,

		/** Zstandard: better ratio, more CPU. */
		ZSTD,

		/** No compression. */
		NONE

	}

	/**
	 * Circuit breaker in front of the cache backend.
	 */
	/** The tiered driver ({@code CACHE_DRIVER=tiered}): level one in this instance's memory, in front of Redis. */
	public static class Tiered {

		/**
		 * The longest an entry lives in level one (never longer than its cache's TTL). Changes reach level one
		 * through Redis's reports within milliseconds; this bounds what is held, and staleness only if reports
		 * were lost without the loss being noticed. Env: CACHE_LOCAL_TTL_SECONDS.
		 */
		private Duration localTtl = Duration.ofSeconds(60);

		/** How often the report connection is checked with PING; a frozen server is noticed within this plus the command timeout. */
		private Duration trackingCheckInterval = Duration.ofSeconds(1);

		public Duration getLocalTtl() {
			return this.localTtl;
		}

		public void setLocalTtl(Duration localTtl) {
			if (localTtl.isNegative() || localTtl.isZero()) {
				throw new IllegalArgumentException("must be positive");
			}
			this.localTtl = localTtl;
		}

		public Duration getTrackingCheckInterval() {
			return this.trackingCheckInterval;
		}

		public void setTrackingCheckInterval(Duration trackingCheckInterval) {
			if (trackingCheckInterval.isNegative() || trackingCheckInterval.isZero()) {
				throw new IllegalArgumentException("must be positive");
			}
			this.trackingCheckInterval = trackingCheckInterval;
		}

	}

	public static class Breaker {

		/** Failure rate, in percent of the recent calls, at which the backend is bypassed. */
		private float failureRateThreshold = 50;

		/** How many recent calls the failure rate is computed over. */
		private int slidingWindowSize = 20;

		/** How many calls are needed before the failure rate counts. */
		private int minimumCalls = 10;

		/** How long the backend is bypassed before it is tried again. */
		private Duration waitInOpenState = Duration.ofSeconds(5);

		/** A call slower than this counts as a failure. */
		private Duration slowCallThreshold = Duration.ofMillis(200);

		/** Cache faults are logged at most once per this interval (then summarised). */
		private Duration logInterval = Duration.ofSeconds(60);

		/**
		 * How often evictions and clears kept from an outage are retried in the background, so they reach Redis
		 * (and other instances) as soon as it answers, not at this instance's next cache call.
		 */
		private Duration replayInterval = Duration.ofSeconds(1);

		public Duration getReplayInterval() {
			return this.replayInterval;
		}

		public void setReplayInterval(Duration replayInterval) {
			if (replayInterval.isNegative() || replayInterval.isZero()) {
				throw new IllegalArgumentException("must be positive");
			}
			this.replayInterval = replayInterval;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getWaitInOpenState() {
			return this.waitInOpenState;
		}

		public void setWaitInOpenState(Duration waitInOpenState) {
			this.waitInOpenState = waitInOpenState;
		}

		public Duration getSlowCallThreshold() {
			return this.slowCallThreshold;
		}

		public void setSlowCallThreshold(Duration slowCallThreshold) {
			this.slowCallThreshold = slowCallThreshold;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

	}

	/**
	 * The cluster-wide load lock of a missing key: one instance loads, the others wait for its value.
	 */
	public static class LoadLock {

		/** Whether {@code @Cacheable(sync = true)} misses on a Redis driver load once across all instances (a Redis lock per key), not once per instance. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/** How long a load lock lives unless its owner renews it: the owner renews it every third of this while its load runs, so only a dead owner's lock expires. */
		private Duration lease = Duration.ofSeconds(10);

		/** Longest time a caller waits for another instance's load before it loads by itself; 0 loads at once when another instance holds the lock. */
		private Duration maxWait = Duration.ofSeconds(5);

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			if (lease.toMillis() < 3) {
				throw new IllegalArgumentException("a load lock lease must be at least 3ms (it is renewed every third), such as 10s");
			}
			this.lease = lease;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			if (maxWait.isNegative()) {
				throw new IllegalArgumentException("a load lock wait must be 0 (load at once) or positive, such as 5s");
			}
			this.maxWait = maxWait;
		}

	}

}

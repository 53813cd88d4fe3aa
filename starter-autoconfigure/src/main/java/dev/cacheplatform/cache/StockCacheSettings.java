package dev.cacheplatform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Stock Spring Boot cache settings ({@code spring.cache.*}) read as fallbacks for ours, so an application
 * that switches from Boot's cache manager to ours keeps its behaviour unedited. Our
 * {@code cache-platform.cache.*} properties (and the environment variables mapped to them) win wherever
 * both are set. Mapping:
 * <ul>
 * <li>{@code spring.cache.cache-names}: caches created at startup;</li>
 * <li>{@code spring.cache.redis.time-to-live}: {@code cache-platform.cache.ttl} (CACHE_TTL_SECONDS);</li>
 * <li>{@code spring.cache.redis.cache-null-values}: {@code cache-platform.cache.cache-null-values};</li>
 * <li>{@code spring.cache.redis.key-prefix}: {@code cache-platform.cache.prefix} (CACHE_PREFIX); stock's key
 * {@code <key-prefix><cache>::<key>} and ours {@code <prefix><cache>::<key>} are the same bytes;</li>
 * <li>{@code spring.cache.redis.use-key-prefix=false}: refused by the Redis drivers (see
 * {@link #requireKeyPrefix});</li>
 * <li>{@code spring.cache.redis.enable-statistics}: Spring Data Redis cache statistics.</li>
 * </ul>
 * As in Spring Boot, an application's {@code RedisCacheConfiguration} bean replaces the
 * {@code spring.cache.redis.*} settings: they are not read when one exists.
 */
public final class StockCacheSettings {

	static final String CACHE_NAMES = "spring.cache.cache-names";

	static final String TIME_TO_LIVE = "spring.cache.redis.time-to-live";

	static final String CACHE_NULL_VALUES = "spring.cache.redis.cache-null-values";

	static final String KEY_PREFIX = "spring.cache.redis.key-prefix";

	static final String USE_KEY_PREFIX = "spring.cache.redis.use-key-prefix";

	static final String ENABLE_STATISTICS = "spring.cache.redis.enable-statistics";

	private final Duration ttl;

	private final boolean ttlConfigured;

	private final boolean cacheNullValues;

	private final boolean cacheNullValuesConfigured;

	private final String prefix;

	private final boolean prefixConfigured;

	private final boolean maxCapacityConfigured;

	private final boolean useKeyPrefix;

	private final boolean statistics;

	private final List<String> cacheNames;

	private final List<String> read = new CopyOnWriteArrayList<>();

	private StockCacheSettings(CachePlatformCacheProperties ours, Binder binder, boolean redisConfigurationBean) {
		boolean readRedis = !redisConfigurationBean;
		boolean ourTtl = isBound(binder, "cache-platform.cache.ttl");
		Duration stockTtl = readRedis ? stock(binder, TIME_TO_LIVE, Duration.class, ourTtl) : null;
		this.ttl = (!ourTtl && stockTtl != null) ? stockTtl : ours.getTtl();
		this.ttlConfigured = ourTtl;
		boolean ourNulls = isBound(binder, "cache-platform.cache.cache-null-values");
		Boolean stockNulls = readRedis ? stock(binder, CACHE_NULL_VALUES, Boolean.class, ourNulls) : null;
		this.cacheNullValues = (!ourNulls && stockNulls != null) ? stockNulls : ours.isCacheNullValues();
		this.cacheNullValuesConfigured = ourNulls;
		boolean ourPrefix = isBound(binder, "cache-platform.cache.prefix");
		String stockPrefix = readRedis ? stock(binder, KEY_PREFIX, String.class, ourPrefix) : null;
		this.prefix = (!ourPrefix && stockPrefix != null) ? stockPrefix : ours.getPrefix();
		this.prefixConfigured = ourPrefix;
		this.maxCapacityConfigured = isBound(binder, "cache-platform.cache.max-capacity");
		Boolean useKeyPrefix = readRedis ? binder.bind(USE_KEY_PREFIX, Boolean.class).orElse(null) : null;
		this.useKeyPrefix = useKeyPrefix == null || useKeyPrefix;
		Boolean statistics = stock(binder, ENABLE_STATISTICS, Boolean.class, false);
		this.statistics = statistics != null && statistics;
		List<String> names = stock(binder, CACHE_NAMES, Bindable.listOf(String.class), false);
		this.cacheNames = (names != null) ? List.copyOf(names) : List.of();
	}

	/**
	 * Reads the stock settings of an environment.
	 * @param ours our bound cache properties
	 * @param environment the environment
	 * @param redisConfigurationBean whether the application defines a {@code RedisCacheConfiguration} bean, which
	 * replaces the {@code spring.cache.redis.*} settings as it does in Spring Boot
	 * @return the settings in effect
	 */
	public static StockCacheSettings read(CachePlatformCacheProperties ours, Environment environment,
			boolean redisConfigurationBean) {
		return new StockCacheSettings(ours, Binder.get(environment), redisConfigurationBean);
	}

	private <T> @Nullable T stock(Binder binder, String name, Class<T> type, boolean overridden) {
		return stock(binder, name, Bindable.of(type), overridden);
	}

	private <T> @Nullable T stock(Binder binder, String name, Bindable<T> type, boolean overridden) {
		BindResult<T> result = binder.bind(name, type);
		if (!result.isBound()) {
			return null;
		}
		T value = result.get();
		String shown = (value instanceof List<?> list) ? String.join(",", list.stream().map(String::valueOf).toList())
				: binder.bind(name, String.class).orElse(String.valueOf(value));
		noteRead(name + "=" + shown + (overridden ? " (overridden by cache-platform.cache.*)" : ""));
		return value;
	}

	private static boolean isBound(Binder binder, String name) {
		return binder.bind(name, Bindable.of(String.class)).isBound();
	}

	/** @return the default TTL: ours when set, else {@code spring.cache.redis.time-to-live}, else our default */
	public Duration ttl() {
		return this.ttl;
	}

	/** @return whether {@code cache-platform.cache.ttl} (CACHE_TTL_SECONDS) is set explicitly */
	public boolean ttlConfigured() {
		return this.ttlConfigured;
	}

	/** @return whether caches store null results by default */
	public boolean cacheNullValues() {
		return this.cacheNullValues;
	}

	/** @return whether {@code cache-platform.cache.cache-null-values} is set explicitly */
	public boolean cacheNullValuesConfigured() {
		return this.cacheNullValuesConfigured;
	}

	/** @return the key prefix: ours when set, else {@code spring.cache.redis.key-prefix}, else empty */
	public String prefix() {
		return this.prefix;
	}

	/** @return whether {@code cache-platform.cache.prefix} (CACHE_PREFIX) is set explicitly */
	public boolean prefixConfigured() {
		return this.prefixConfigured;
	}

	/** @return whether {@code cache-platform.cache.max-capacity} (CACHE_MAX_CAPACITY) is set explicitly */
	public boolean maxCapacityConfigured() {
		return this.maxCapacityConfigured;
	}

	/** @return whether Spring Data Redis cache statistics are collected */
	public boolean statistics() {
		return this.statistics;
	}

	/** @return the caches to create at startup */
	public List<String> cacheNames() {
		return this.cacheNames;
	}

	/** @return the TTL and null handling defaults for a {@link TtlPolicy} */
	public TtlPolicy.Defaults ttlDefaults() {
		return new TtlPolicy.Defaults(this.ttl, this.ttlConfigured, this.cacheNullValues, this.cacheNullValuesConfigured);
	}

	/**
	 * Refuses {@code spring.cache.redis.use-key-prefix=false}. Stock Spring then writes bare keys
	 * ({@code 42} instead of {@code products::42}): entries of different caches share keys and a clear removes
	 * every key of the database. Our layout is fixed, and a clear removes only keys provably the cache's own,
	 * so the setting cannot be honoured; ignoring it would silently change which caches share entries.
	 * @param environment the environment, to name where the setting came from
	 * @throws InvalidSettingException if the setting is false
	 */
	public void requireKeyPrefix(Environment environment) {
		if (!this.useKeyPrefix) {
			throw new InvalidSettingException(SettingNames.describe(environment, USE_KEY_PREFIX), "false",
					"Cache Platform keeps every cache entry under '<prefix><cache>::<key>' so that entries of different "
							+ "caches never collide and clearing a cache removes only its own keys; bare keys (stock "
							+ "Spring's use-key-prefix=false) cannot be told apart from other data in the database",
					"remove " + USE_KEY_PREFIX + " (or set it to true); set CACHE_PREFIX (cache-platform.cache.prefix) "
							+ "for a namespace. Entries stored under bare keys are then misses and are recomputed once");
		}
	}

	/**
	 * Records a stock setting (or bean) whose value was used, for the startup report.
	 * @param setting what was read, e.g. {@code spring.cache.redis.time-to-live=10m}
	 */
	public void noteRead(String setting) {
		this.read.add(setting);
	}

	/** @return the stock settings and beans read, in the order they were read */
	public List<String> read() {
		return Collections.unmodifiableList(new ArrayList<>(this.read));
	}

}

package dev.cacheplatform.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.Loading;
import dev.cacheplatform.cache.ScopedCacheProvider;
import dev.cacheplatform.cache.StoreKeys;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.codec.CacheValueCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.CacheStatisticsCollector;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The Redis store: a {@link CachePlatformRedisCache} for a cache name and tenant, on the cache role's
 * connection; the pipeline in front keeps a bounded number of them. Key layout (fixed): {@code <prefix><tenant>:<cache>::<key>}, or {@code <prefix><cache>::<key>}
 * without a tenant, so an empty prefix and no tenant is byte-compatible with stock Spring Data Redis
 * ({@code products::42}). TTL, jitter and null handling come from the {@link TtlPolicy} of the cache
 * name (not the tenant); values go through the {@link CacheValueCodec}. An operator's clear is
 * {@code SCAN} + {@code UNLINK} of the scope's keys, a look-up {@code TYPE}, {@code PTTL} and {@code STRLEN}, an
 * evict {@code UNLINK} (see {@link SafeRedisCacheWriter}); all in the cache role's database only.
 */
public class RedisCacheProvider implements ScopedCacheProvider, StoreKeys, StoreMaintenance {

	/** How many keys one SCAN step asks for, and one UNLINK removes, when a cache is cleared. */
	public static final int SCAN_BATCH_SIZE = 500;

	private final String prefix;

	private final TtlPolicy ttlPolicy;

	private final SafeRedisCacheWriter writer;

	private final SafeRedisCacheWriter ownSerializerWriter;

	private final SerializationPair<Object> values;

	/** Per cache name (not per tenant): the configuration and which writer reads it. */
	private final ConcurrentMap<String, CachePlatformRedisCache.Settings> settings = new ConcurrentHashMap<>();

	private final Loading loading = new Loading();

	private @Nullable RedisLoadLock lock;

	private final StockRedisCacheConfigurations stock;

	private final RedisConnectionFactory connectionFactory;

	/**
	 * @param connectionFactory the cache role's connection factory
	 * @param prefix the key namespace, used verbatim
	 * @param ttlPolicy TTL and null handling per cache
	 * @param codec how values become bytes
	 * @param statistics whether Spring Data Redis cache statistics are collected
	 */
	public RedisCacheProvider(RedisConnectionFactory connectionFactory, String prefix, TtlPolicy ttlPolicy,
			CacheValueCodec codec, boolean statistics) {
		this(connectionFactory, StockRedisCacheConfigurations.none(prefix), ttlPolicy, codec, statistics);
	}

	/**
	 * @param connectionFactory the cache role's connection factory
	 * @param stock the application's stock Spring Data Redis cache configuration, and the key prefix
	 * @param ttlPolicy TTL and null handling per cache
	 * @param codec how values become bytes (unreadable entries surface as the codec's exceptions, which the
	 * fault-tolerance layer in front counts)
	 * @param statistics whether Spring Data Redis cache statistics are collected
	 */
	public RedisCacheProvider(RedisConnectionFactory connectionFactory, StockRedisCacheConfigurations stock,
			TtlPolicy ttlPolicy, CacheValueCodec codec, boolean statistics) {
		this.stock = stock;
		this.connectionFactory = connectionFactory;
		this.prefix = stock.prefix();
		this.ttlPolicy = ttlPolicy;
		this.writer = new SafeRedisCacheWriter(connectionFactory, SCAN_BATCH_SIZE,
				statistics ? CacheStatisticsCollector.create() : CacheStatisticsCollector.none(), codec.maxStoredBytes());
		this.ownSerializerWriter = this.writer.unlimited();
		this.values = SerializationPair.fromSerializer(new CodecRedisSerializer(codec));
	}

	@Override
	public Cache getCache(CacheScope scope) {
		return cache(scope);
	}

	/** @return the Redis key of a cache key, as serialized for every command (and as Redis reports changes) */
	@Override
	public byte[] storeKey(CacheScope scope, Object key) {
		return cache(scope).storeKey(key);
	}

	private CachePlatformRedisCache cache(CacheScope scope) {
		CachePlatformRedisCache.Settings cacheSettings = this.settings.computeIfAbsent(scope.cacheName(), (name) -> {
			RedisCacheConfiguration configuration = configuration(name);
			// The codec's size limit bounds reads; a serializer of the application's own has none
			SafeRedisCacheWriter writer = (configuration.getValueSerializationPair() == this.values) ? this.writer
					: this.ownSerializerWriter;
			return new CachePlatformRedisCache.Settings(writer, configuration, this.loading, this.lock);
		});
		// Cheap to build, so not kept: the pipeline keeps a bounded number of them
		return new CachePlatformRedisCache(scope.qualifiedName(), cacheSettings);
	}

	@Override
	public void clearAllTenants(String cacheName) {
		clear(CacheScope.allTenants(cacheName));
	}

	/** {@code SCAN} of the scope's keys ({@code <prefix><tenant>:<cache>::*}) and {@code UNLINK} of each batch. */
	@Override
	public long clear(CacheScope scope) {
		String escapedPrefix = KeyPatterns.escape(this.prefix);
		String escapedCache = KeyPatterns.escape(scope.cacheName());
		if (!scope.isAllTenants()) {
			// a tenant id is validated (no glob characters), so the qualified name escapes like a cache name
			return this.writer.removeMatching(scope.cacheName(),
					SafeRedisCacheWriter.bytes(escapedPrefix + KeyPatterns.escape(scope.qualifiedName()) + "::*"));
		}
		return this.writer.removeMatching(scope.cacheName(), SafeRedisCacheWriter.bytes(escapedPrefix + escapedCache + "::*"))
				+ this.writer.removeMatching(scope.cacheName(),
						SafeRedisCacheWriter.bytes(escapedPrefix + "*:" + escapedCache + "::*"));
	}

	/** {@code TYPE}, {@code PTTL} and, for a string, {@code STRLEN} of the key; never {@code GET}. */
	@Override
	public @Nullable StoredEntry inspect(CacheScope scope, String key) {
		byte[] storeKey = storeKey(scope, key);
		SafeRedisCacheWriter.KeyFacts facts = this.writer.inspect(storeKey);
		if (facts == null) {
			return null;
		}
		return new StoredEntry(new String(storeKey, StandardCharsets.UTF_8),
				(facts.pttlMillis() < 0) ? null : Duration.ofMillis(facts.pttlMillis()), facts.length(), facts.type());
	}

	/** {@code UNLINK} of the key. */
	@Override
	public boolean evict(CacheScope scope, String key) {
		return this.writer.evictIfPresent(scope.cacheName(), storeKey(scope, key));
	}

	/** @return {@code null}: counting a cache's keys would mean scanning the whole database */
	@Override
	public @Nullable Long size(String cacheName) {
		return null;
	}

	/** @return the cache role's connection factory */
	@Override
	public Object nativeStore() {
		return this.connectionFactory;
	}

	/**
	 * Makes {@code @Cacheable(sync = true)} misses load once across all instances. Call before the first cache
	 * is used.
	 * @param lock the lock, or {@code null} for once per instance
	 */
	public void useLoadLock(@Nullable RedisLoadLock lock) {
		this.lock = lock;
	}

	/** @return the key prefix in front of every key */
	public String prefix() {
		return this.prefix;
	}

	/** @return the writer, for statistics */
	RedisCacheWriter writer() {
		return this.writer;
	}

	/**
	 * Our settings, over the application's stock configuration of the cache where there is one: our TTL and
	 * null handling win where our settings fix them, the key layout is always ours.
	 */
	private RedisCacheConfiguration configuration(String cacheName) {
		RedisCacheConfiguration stockConfiguration = this.stock.configurationFor(cacheName);
		RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl((key, value) -> this.ttlPolicy.ttlForNewEntry(cacheName))
			.computePrefixWith((qualifiedName) -> this.prefix + qualifiedName + "::")
			.serializeValuesWith(this.values);
		boolean cacheNullValues = this.ttlPolicy.cachesNullValues(cacheName);
		if (stockConfiguration != null) {
			configuration = configuration.serializeKeysWith(stockConfiguration.getKeySerializationPair())
				.withConversionService(stockConfiguration.getConversionService());
			if (!this.ttlPolicy.ttlConfigured(cacheName)) {
				configuration = configuration.entryTtl(stockConfiguration.getTtlFunction());
			}
			if (!StockRedisCacheConfigurations.usesJavaSerialization(stockConfiguration)) {
				configuration = configuration.serializeValuesWith(
						StockRedisCacheConfigurations.unreadableAware(stockConfiguration.getValueSerializationPair()));
			}
			if (!this.ttlPolicy.nullHandlingConfigured(cacheName)) {
				cacheNullValues = stockConfiguration.getAllowCacheNullValues();
			}
		}
		return cacheNullValues ? configuration : configuration.disableCachingNullValues();
	}

}

package dev.cacheplatform.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The cache backend behind Spring's {@code CacheManager}. Env: CACHE_DRIVER.
 */
public enum CacheDriver {

	/** Redis standalone (or a unix socket) through Lettuce. */
	REDIS,

	/** Redis Cluster through Lettuce, with topology refresh. */
	REDIS_CLUSTER,

	/** Redis behind Sentinel, following failovers. */
	REDIS_SENTINEL,

	/** In-process Caffeine cache, bounded and expiring; nothing shared between instances. */
	MEMORY,

	/** Caffeine in front of Redis. */
	TIERED,

	/** Memcached, one server or several by consistent hashing, through xmemcached; cache only, no sessions. */
	MEMCACHED,

	/** Caching off: every call runs the method. */
	NONE;

	/**
	 * Whether this driver stores entries in Redis.
	 * @return {@code true} for the Redis family and tiered
	 */
	public boolean usesRedis() {
		return this != MEMORY && this != NONE && this != MEMCACHED;
	}

	/**
	 * The driver used when CACHE_DRIVER is not set: the Redis flavour that fits the cache role's
	 * topology when Redis is configured, else memory.
	 * @param configured the configured driver, if any
	 * @param redisTopology the cache role's topology, or {@code null} when no Redis is configured
	 * @return the driver in effect
	 */
	public static CacheDriver effective(@Nullable CacheDriver configured, @Nullable RedisTopology redisTopology) {
		if (configured != null) {
			return configured;
		}
		if (redisTopology == null) {
			return MEMORY;
		}
		return switch (redisTopology) {
			case CLUSTER -> REDIS_CLUSTER;
			case SENTINEL -> REDIS_SENTINEL;
			default -> REDIS;
		};
	}

	/** @return the name as written in CACHE_DRIVER, e.g. {@code redis-cluster} */
	public String settingValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** @return every accepted value, comma separated */
	public static String acceptedValues() {
		return Arrays.stream(values()).map(CacheDriver::settingValue).collect(Collectors.joining(", "));
	}

	/**
	 * Checks that a driver that names a topology has it: {@code redis-cluster} needs cluster nodes,
	 * {@code redis-sentinel} a sentinel master.
	 * @param cacheTopology the topology of the cache role's endpoint
	 * @param environment names the setting in the report
	 * @throws InvalidSettingException if the driver does not fit the topology
	 */
	public void checkFits(RedisTopology cacheTopology, Environment environment) {
		if (this == REDIS_CLUSTER && cacheTopology != RedisTopology.CLUSTER) {
			throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.cache.driver"),
					settingValue(), "no Redis Cluster nodes are configured",
					"set REDIS_CLUSTER_NODES (cache-platform.redis.cluster.nodes) to host:port,host:port,... "
							+ "of the cluster, or choose another driver: " + acceptedValues());
		}
		if (this == REDIS_SENTINEL && cacheTopology != RedisTopology.SENTINEL) {
			throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.cache.driver"),
					settingValue(), "no sentinel master name is configured",
					"set REDIS_SENTINEL_MASTER (cache-platform.redis.sentinel.master) and REDIS_SENTINEL_NODES, "
							+ "or choose another driver: " + acceptedValues());
		}
	}

}

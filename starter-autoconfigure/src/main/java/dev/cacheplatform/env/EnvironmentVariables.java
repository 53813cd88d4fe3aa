package dev.cacheplatform.env;

import java.util.List;
import java.util.Map;

/**
 * The container variables Cache Platform reads, each with the property it sets. The first name of an
 * entry wins over its aliases. This table is the configuration contract of DESIGN.md; extend it, never
 * rename an entry.
 */
final class EnvironmentVariables {

	/** How a variable's text becomes a property value. */
	enum Conversion {

		/** Copied as it is. */
		VERBATIM,

		/** A whole number is taken as seconds ({@code 300} becomes {@code 300s}); anything else is copied. */
		SECONDS

	}

	/**
	 * One entry of the table.
	 * @param names the variable and its aliases, most specific first
	 * @param property the property it sets
	 * @param conversion how the text is converted
	 */
	record Mapping(List<String> names, String property, Conversion conversion) {
	}

	static final String CACHE_TTLS = "CACHE_TTLS";

	/** Caches every tenant shares: {@code company-settings,countries}. */
	static final String CACHE_SHARED_CACHES = "CACHE_SHARED_CACHES";

	static final List<Mapping> MAPPINGS = List.of(
			verbatim("REDIS_URL", "cache-platform.redis.url"),
			verbatim("REDIS_HOST", "cache-platform.redis.host"),
			verbatim("REDIS_PORT", "cache-platform.redis.port"),
			verbatim("REDIS_USERNAME", "cache-platform.redis.username"),
			verbatim("REDIS_PASSWORD", "cache-platform.redis.password"),
			new Mapping(List.of("REDIS_SESSION_DB", "REDIS_DB"), "cache-platform.redis.database", Conversion.VERBATIM),
			verbatim("REDIS_CLUSTER_NODES", "cache-platform.redis.cluster.nodes"),
			verbatim("REDIS_SENTINEL_MASTER", "cache-platform.redis.sentinel.master"),
			verbatim("REDIS_SENTINEL_NODES", "cache-platform.redis.sentinel.nodes"),
			verbatim("REDIS_SENTINEL_PASSWORD", "cache-platform.redis.sentinel.password"),
			verbatim("REDIS_TLS", "cache-platform.redis.ssl.enabled"),
			verbatim("REDIS_TLS_VERIFY", "cache-platform.redis.ssl.verify"),
			verbatim("REDIS_TLS_CA_CERT", "cache-platform.redis.ssl.ca-certificate"),
			verbatim("REDIS_CONNECT_TIMEOUT", "cache-platform.redis.connect-timeout"),
			verbatim("REDIS_COMMAND_TIMEOUT", "cache-platform.redis.command-timeout"),
			verbatim("REDIS_RECONNECT_MAX_DELAY", "cache-platform.redis.reconnect-max-delay"),
			verbatim("CACHE_REDIS_URL", "cache-platform.redis.cache.url"),
			verbatim("CACHE_HOST", "cache-platform.redis.cache.host"),
			verbatim("CACHE_PORT", "cache-platform.redis.cache.port"),
			verbatim("CACHE_PASSWORD", "cache-platform.redis.cache.password"),
			verbatim("REDIS_CACHE_DB", "cache-platform.redis.cache.database"),
			verbatim("SESSION_REDIS_URL", "cache-platform.redis.session.url"),
			verbatim("CACHE_DRIVER", "cache-platform.cache.driver"),
			new Mapping(List.of("CACHE_PREFIX", "REDIS_PREFIX"), "cache-platform.cache.prefix", Conversion.VERBATIM),
			new Mapping(List.of("CACHE_TTL_SECONDS"), "cache-platform.cache.ttl", Conversion.SECONDS),
			verbatim("CACHE_MAX_CAPACITY", "cache-platform.cache.max-capacity"),
			new Mapping(List.of("CACHE_CLEANUP_INTERVAL"), "cache-platform.cache.cleanup-interval", Conversion.SECONDS),
			new Mapping(List.of("CACHE_LOCAL_TTL_SECONDS"), "cache-platform.cache.tiered.local-ttl", Conversion.SECONDS),
			verbatim("SESSION_STORE", "cache-platform.session.store"),
			new Mapping(List.of("SESSION_TTL"), "cache-platform.session.timeout", Conversion.SECONDS),
			verbatim("SESSION_ENCRYPTION_KEYS", "cache-platform.session.encryption-keys"),
			verbatim("CACHE_TENANT_HEADER", "cache-platform.tenant.header"),
			new Mapping(List.of("MEMCACHED_URL", "CACHE_URL"), "cache-platform.memcached.url", Conversion.VERBATIM),
			verbatim("MEMCACHED_USERNAME", "cache-platform.memcached.username"),
			verbatim("MEMCACHED_PASSWORD", "cache-platform.memcached.password"));

	/**
	 * With {@code CACHE_DRIVER=memcached}, the Postiz-style cache location variables name the memcached server
	 * instead of the Redis cache role, so no Redis connection is set up for them.
	 */
	static final Map<String, String> MEMCACHED_CACHE_LOCATION = Map.of(
			"cache-platform.redis.cache.host", "cache-platform.memcached.host",
			"cache-platform.redis.cache.port", "cache-platform.memcached.port",
			"cache-platform.redis.cache.password", "cache-platform.memcached.password");

	private EnvironmentVariables() {
	}

	private static Mapping verbatim(String name, String property) {
		return new Mapping(List.of(name), property, Conversion.VERBATIM);
	}

}

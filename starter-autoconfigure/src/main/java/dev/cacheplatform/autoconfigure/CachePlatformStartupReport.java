package dev.cacheplatform.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.cache.memcached.MemcachedStore;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import dev.cacheplatform.session.SessionStore;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.tenant.HeaderTenantResolver;
import dev.cacheplatform.tenant.Tenancy;
import dev.cacheplatform.tenant.TenantResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.PropertyResolver;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NoOpCacheManager;

/**
 * Logs one INFO line per role once every singleton exists: the cache driver, the session store and the
 * default connection, each with topology, server, database, prefix and TLS; passwords as {@code ****}.
 * When cache keys are scoped by tenant, one more line names how (the request header, or the application's
 * resolver).
 */
public class CachePlatformStartupReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(CachePlatformStartupReport.class);

	private static final String NOT_IN_USE = "Cache Platform cache: not in use";

	private final CachePlatformCacheProperties cache;

	private final CachePlatformSessionProperties session;

	private final ObjectProvider<RedisEndpoints> endpoints;

	private final ObjectProvider<CacheManager> cacheManagers;

	private final ObjectProvider<StockCacheSettings> stockSettings;

	private final @Nullable String bootCacheType;

	private final PropertyResolver environment;

	private final ObjectProvider<Tenancy> tenancy;

	private final CachePlatformTenantProperties tenant;

	CachePlatformStartupReport(CachePlatformCacheProperties cache, CachePlatformSessionProperties session,
			ObjectProvider<RedisEndpoints> endpoints, ObjectProvider<CacheManager> cacheManagers,
			ObjectProvider<StockCacheSettings> stockSettings, PropertyResolver environment,
			ObjectProvider<Tenancy> tenancy, CachePlatformTenantProperties tenant) {
		this.environment = environment;
		this.bootCacheType = environment.getProperty("spring.cache.type");
		this.tenancy = tenancy;
		this.tenant = tenant;
		this.cache = cache;
		this.session = session;
		this.endpoints = endpoints;
		this.cacheManagers = cacheManagers;
		this.stockSettings = stockSettings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String line : lines()) {
			if (line.startsWith(NOT_IN_USE) && this.bootCacheType != null) {
				// The application asked for the starter and got Spring Boot's caching: say so where it is seen
				logger.warn(line);
			}
			else {
				logger.info(line);
			}
		}
	}

	/** @return the lines this report logs */
	public List<String> lines() {
		RedisEndpoints redis = this.endpoints.getIfAvailable();
		RedisTopology topology = (redis != null) ? redis.cache().topology() : null;
		CacheDriver driver = CacheDriver.effective(this.cache.getDriver(), topology);
		StockCacheSettings stock = this.stockSettings.getIfAvailable();
		CacheManager manager = this.cacheManagers.getIfUnique();
		String prefix = "prefix='" + prefix(manager, stock) + "'";
		Object ttl = (manager instanceof CachePlatformCacheManager ours
				&& ours.getProvider() instanceof MemoryCacheProvider memory) ? memory.ttlPolicy().defaultTtl()
						: (stock != null) ? stock.ttl() : this.cache.getTtl();
		String stockRead = (stock != null && !stock.read().isEmpty())
				? ", stock Spring settings read: " + String.join(", ", stock.read()) : "";
		List<String> lines = new ArrayList<>();
		if (manager != null && !(manager instanceof CachePlatformCacheManager)
				&& !(manager instanceof NoOpCacheManager && driver == CacheDriver.NONE)) {
			lines.add((this.bootCacheType != null)
					? NOT_IN_USE + ": spring.cache.type=" + this.bootCacheType + " hands caching to Spring Boot's "
							+ manager.getClass().getName() + ", so cache-platform.cache.* and CACHE_* do not apply; "
							+ "remove spring.cache.type to use Cache Platform's (README: Migrating from stock Spring Boot)"
					: NOT_IN_USE + "; the application's " + manager.getClass().getName()
							+ " bean serves caching, cache-platform.cache.* does not apply");
		}
		else if (driver.usesRedis() && redis != null) {
			String levelOne = (driver == CacheDriver.TIERED) ? ", level one: max-capacity=" + this.cache.getMaxCapacity()
					+ " local-ttl=" + this.cache.getTiered().getLocalTtl() + " (kept coherent by CLIENT TRACKING)" : "";
			lines.add("Cache Platform cache: driver=" + driver.settingValue() + ", " + prefix + ", ttl=" + ttl + ", "
					+ redis.cache().describe() + levelOne + clusterNote(topology) + stockRead);
		}
		else {
			String servers = (manager instanceof CachePlatformCacheManager ours
					&& ours.getProvider() instanceof MemcachedStore memcached) ? ", servers=" + memcached.servers() : "";
			lines.add("Cache Platform cache: driver=" + driver.settingValue() + ", " + prefix + ", ttl=" + ttl
					+ ((driver == CacheDriver.MEMORY) ? ", max-capacity=" + maxCapacity(manager) : "") + servers
					+ stockRead);
		}
		SessionStore store = effectiveStore(redis);
		if (store == SessionStore.REDIS && redis != null) {
			lines.add("Cache Platform session: store=redis, namespace='" + this.cache.getPrefix() + "session', "
					+ redis.session().describe());
		}
		else {
			lines.add("Cache Platform session: store=" + store.name().toLowerCase(java.util.Locale.ROOT));
		}
		if (store != SessionStore.NONE) {
			lines.add(sessionNotes());
		}
		if (redis != null) {
			lines.add("Cache Platform default connection: " + redis.defaultEndpoint().describe());
		}
		String tenants = tenants();
		if (tenants != null) {
			lines.add(tenants);
		}
		return lines;
	}

	/**
	 * What the application's own settings mean for sessions; the starter sets none of them. Behind a
	 * TLS-terminating proxy the cookie is Secure only if the app trusts the proxy's X-Forwarded-Proto, and
	 * Spring MVC's request-handled events look up the session of every request that carries a cookie.
	 */
	private String sessionNotes() {
		String forwarded = this.environment.getProperty("server.forward-headers-strategy", "not set");
		String events = this.environment.getProperty("spring.mvc.publish-request-handled-events", "true");
		return "Cache Platform session notes: server.forward-headers-strategy=" + forwarded
				+ " (behind a TLS-terminating proxy set it to native or framework, so the SESSION cookie is Secure); "
				+ "spring.mvc.publish-request-handled-events=" + events
				+ ("true".equalsIgnoreCase(events.strip())
						? " (every request with a session cookie reads its session once; false reads it only when used)"
						: "");
	}

	private @Nullable String tenants() {
		Tenancy tenancy = this.tenancy.getIfAvailable();
		TenantResolver resolver = (tenancy != null) ? tenancy.resolver() : null;
		if (resolver instanceof HeaderTenantResolver header) {
			return "Cache Platform tenants: cache keys scoped by the request header " + header.header()
					+ " (trust it only behind a gateway that sets or strips it)";
		}
		if (resolver != null) {
			return "Cache Platform tenants: cache keys scoped by the application's TenantResolver "
					+ resolver.getClass().getName();
		}
		if (this.tenant.getHeader() != null) {
			return "Cache Platform tenants: header " + this.tenant.getHeader()
					+ " is set but not in use (tenants are read from requests of a servlet web application only)";
		}
		return null;
	}

	private String prefix(@Nullable CacheManager manager, @Nullable StockCacheSettings stock) {
		if (manager instanceof CachePlatformCacheManager ours && ours.getProvider() instanceof RedisCacheProvider redis) {
			return redis.prefix();
		}
		return (stock != null) ? stock.prefix() : this.cache.getPrefix();
	}

	private long maxCapacity(@Nullable CacheManager manager) {
		if (manager instanceof CachePlatformCacheManager ours && ours.getProvider() instanceof MemoryCacheProvider memory) {
			return memory.maxCapacity();
		}
		return this.cache.getMaxCapacity();
	}

	private SessionStore effectiveStore(@Nullable RedisEndpoints redis) {
		if (this.session.getStore() != null) {
			return this.session.getStore();
		}
		return (redis != null) ? SessionStore.REDIS : SessionStore.MEMORY;
	}

	private static String clusterNote(@Nullable RedisTopology topology) {
		return (topology == RedisTopology.CLUSTER)
				? " (Redis Cluster has database 0 only: cache and sessions are kept apart by key prefix)" : "";
	}

}

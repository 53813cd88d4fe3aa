package dev.cacheplatform.cache;

import org.springframework.cache.Cache;

/**
 * What a driver provides: the cache for a name and tenant. The decorators shared by every driver
 * (tenant resolution, fault tolerance, metrics) sit in front of it.
 */
public interface ScopedCacheProvider {

	/**
	 * Returns the cache of a scope, creating it on first use.
	 * @param scope cache name and tenant
	 * @return the cache
	 */
	Cache getCache(CacheScope scope);

	/**
	 * Removes every entry of a cache for every tenant (and the untenanted one).
	 * @param cacheName the cache name
	 */
	void clearAllTenants(String cacheName);

}

package dev.cacheplatform.cache;

import org.springframework.cache.Cache;

/**
 * One step of a driver's {@link CachePipeline}: something that sees a cache's calls on their way to the
 * store (fault tolerance, the in-process level of the tiered driver, metrics) and may answer them itself.
 * A layer is applied once per cache name and tenant; what it keeps per cache lives in the {@link Cache} it
 * returns, which the pipeline may drop and ask for again (so a layer never holds per-tenant state of its
 * own that would grow with the number of tenants).
 */
@FunctionalInterface
public interface CacheLayer {

	/**
	 * @param scope the cache name and tenant
	 * @param inner the cache below this layer (the store's cache, or the previous layer's)
	 * @return the cache this layer puts in front of {@code inner}; {@code inner} itself to stay out of the way
	 */
	Cache wrap(CacheScope scope, Cache inner);

}

package dev.cacheplatform.cache;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.cache.Cache;

/**
 * A driver as the manager uses it: a store ({@link ScopedCacheProvider}: memory, Redis) and the layers in
 * front of it, innermost first. The memory driver is the store alone; the Redis drivers are the Redis store
 * behind fault tolerance; the tiered driver adds the in-process level in front of that.
 * <p>
 * The caches it assembles, one per cache name and tenant, are kept in a bounded map
 * ({@code cache-platform.cache.max-tenant-caches}): a million distinct tenants cost a rebuild of the least
 * recently used ones, not a million objects held forever. Nothing a user notices lives in those objects
 * (entries live in the store; loads in flight in {@link Loading}, keyed by what they load), so dropping one
 * loses nothing.
 */
public final class CachePipeline {

	/** The default bound of {@link #assembledCaches()}. */
	public static final int DEFAULT_MAX_TENANT_CACHES = 10_000;

	private final ScopedCacheProvider store;

	private final List<CacheLayer> layers;

	private final LoadingCache<CacheScope, Cache> assembled;

	private final ConcurrentMap<String, Cache> allTenants = new ConcurrentHashMap<>();

	/**
	 * @param store where entries live
	 * @param layers what sits in front of the store, innermost first
	 * @param maxTenantCaches how many assembled (cache, tenant) caches are kept
	 */
	public CachePipeline(ScopedCacheProvider store, List<CacheLayer> layers, int maxTenantCaches) {
		this.store = store;
		this.layers = List.copyOf(layers);
		this.assembled = Caffeine.newBuilder()
			.maximumSize(maxTenantCaches)
			.executor(Runnable::run)
			.build((scope) -> assemble(scope, store.getCache(scope)));
	}

	/**
	 * @param store where entries live
	 * @param layers what sits in front of the store, innermost first
	 */
	public CachePipeline(ScopedCacheProvider store, List<CacheLayer> layers) {
		this(store, layers, DEFAULT_MAX_TENANT_CACHES);
	}

	/**
	 * @param scope cache name and tenant
	 * @return the store's cache of that scope behind every layer
	 */
	public Cache cache(CacheScope scope) {
		return this.assembled.get(scope);
	}

	/**
	 * Removes every entry of a cache for all tenants, through the same layers as every other call: behind
	 * fault tolerance, a clear the store does not answer is kept and sent once it answers again.
	 * @param cacheName the cache name
	 * @return {@code true} when the clear reached the store, {@code false} when it is kept for later
	 */
	public boolean clearAllTenants(String cacheName) {
		return this.allTenants
			.computeIfAbsent(cacheName,
					(name) -> assemble(CacheScope.allTenants(name), new AllTenantsClear(name, this.store)))
			.invalidate();
	}

	/** @return where entries live */
	public ScopedCacheProvider store() {
		return this.store;
	}

	/** @return the layers in front of the store, innermost first */
	public List<CacheLayer> layers() {
		return this.layers;
	}

	/** @return how many (cache, tenant) caches are assembled right now; at most the bound */
	public long assembledCaches() {
		this.assembled.cleanUp();
		return this.assembled.estimatedSize();
	}

	private Cache assemble(CacheScope scope, Cache storeCache) {
		Cache cache = storeCache;
		for (CacheLayer layer : this.layers) {
			cache = layer.wrap(scope, cache);
		}
		return cache;
	}

}

package dev.cacheplatform.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.cacheplatform.tenant.Tenancy;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The {@link CacheManager} the application sees, whatever the driver. {@link #getCache(String)} returns a
 * cache that resolves the tenant on every operation, so a cache reference kept across requests still
 * serves each request's own tenant; behind it, each (cache, tenant) pair is the driver's
 * {@link CachePipeline}: its store behind its layers (fault tolerance, the tiered driver's in-process
 * level). Caches named shared are the same for every tenant.
 */
public class CachePlatformCacheManager implements CacheManager {

	private final CachePipeline pipeline;

	private final Tenancy tenancy;

	private final ConcurrentMap<String, Cache> caches = new ConcurrentHashMap<>();

	private final Set<String> initialNames;

	private final Set<String> sharedNames;

	/**
	 * @param pipeline the driver: its store and layers
	 * @param tenancy how the tenant of a call is decided
	 * @param initialNames cache names known up front (spring.cache.cache-names)
	 * @param sharedNames caches every tenant shares: never scoped by tenant
	 */
	public CachePlatformCacheManager(CachePipeline pipeline, Tenancy tenancy, Collection<String> initialNames,
			Collection<String> sharedNames) {
		this.pipeline = pipeline;
		this.tenancy = tenancy;
		this.initialNames = new LinkedHashSet<>(initialNames);
		this.sharedNames = Set.copyOf(sharedNames);
		initialNames.forEach(this::getCache);
	}

	/**
	 * @param pipeline the driver: its store and layers
	 * @param tenancy how the tenant of a call is decided
	 * @param initialNames cache names known up front (spring.cache.cache-names)
	 */
	public CachePlatformCacheManager(CachePipeline pipeline, Tenancy tenancy, Collection<String> initialNames) {
		this(pipeline, tenancy, initialNames, Set.of());
	}

	@Override
	public Cache getCache(String name) {
		return this.caches.computeIfAbsent(name,
				(key) -> new TenantScopedCache(key, this, this.sharedNames.contains(key)));
	}

	@Override
	public Collection<String> getCacheNames() {
		Set<String> names = new LinkedHashSet<>(this.initialNames);
		names.addAll(this.caches.keySet());
		return Collections.unmodifiableSet(names);
	}

	/**
	 * Removes every entry of a cache for all tenants, in the cache role only, behind the same layers as
	 * every other call: when the backend does not answer (or its breaker is open) the clear is kept and sent
	 * as soon as it answers again, before anything is read from it, instead of failing.
	 * @param name the cache name
	 * @return {@code true} when the clear reached the backend, {@code false} when it is kept for later
	 */
	public boolean clearAllTenants(String name) {
		return this.pipeline.clearAllTenants(name);
	}

	/** @return the driver: its store and layers */
	public CachePipeline getPipeline() {
		return this.pipeline;
	}

	/** @return the driver's store, where entries live */
	public ScopedCacheProvider getProvider() {
		return this.pipeline.store();
	}

	/** @return the tenant of the calling code, or {@code null} for none */
	@Nullable String currentTenant() {
		return this.tenancy.currentTenant();
	}

	/**
	 * @param name the cache name
	 * @param tenant the tenant, or {@code null} for none
	 * @return the assembled cache of that scope
	 */
	Cache scoped(String name, @Nullable String tenant) {
		return this.pipeline.cache(new CacheScope(name, tenant));
	}

}

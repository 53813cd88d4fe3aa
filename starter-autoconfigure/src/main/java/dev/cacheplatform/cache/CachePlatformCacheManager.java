package dev.cacheplatform.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

import dev.cacheplatform.tenant.Tenancy;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The {@link CacheManager} the application sees, whatever the driver. {@link #getCache(String)} returns a
 * cache that resolves the tenant on every operation, so a cache reference kept across requests still
 * serves each request's own tenant; behind it, each (cache, tenant) pair is the driver's cache wrapped by
 * the shared decorators (fault tolerance, metrics). Caches named shared are the same for every tenant.
 */
public class CachePlatformCacheManager implements CacheManager {

	private final ScopedCacheProvider provider;

	private final Tenancy tenancy;

	private final UnaryOperator<Cache> decorator;

	private final ConcurrentMap<String, Cache> caches = new ConcurrentHashMap<>();

	private final ConcurrentMap<CacheScope, Cache> decorated = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Cache> allTenants = new ConcurrentHashMap<>();

	private final Set<String> initialNames;

	private final Set<String> sharedNames;

	/**
	 * @param provider the driver
	 * @param tenancy how the tenant of a call is decided
	 * @param decorator wraps each driver cache (fault tolerance, metrics)
	 * @param initialNames cache names known up front (spring.cache.cache-names)
	 */
	public CachePlatformCacheManager(ScopedCacheProvider provider, Tenancy tenancy, UnaryOperator<Cache> decorator,
			Collection<String> initialNames) {
		this(provider, tenancy, decorator, initialNames, Set.of());
	}

	/**
	 * @param provider the driver
	 * @param tenancy how the tenant of a call is decided
	 * @param decorator wraps each driver cache (fault tolerance, metrics)
	 * @param initialNames cache names known up front (spring.cache.cache-names)
	 * @param sharedNames caches every tenant shares: never scoped by tenant
	 */
	public CachePlatformCacheManager(ScopedCacheProvider provider, Tenancy tenancy, UnaryOperator<Cache> decorator,
			Collection<String> initialNames, Collection<String> sharedNames) {
		this.provider = provider;
		this.tenancy = tenancy;
		this.decorator = decorator;
		this.initialNames = new LinkedHashSet<>(initialNames);
		this.sharedNames = Set.copyOf(sharedNames);
		initialNames.forEach(this::getCache);
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
	 * Removes every entry of a cache for all tenants, in the cache role only, behind the same decorators as
	 * every other call: when the backend does not answer (or its breaker is open) the clear is kept and sent
	 * as soon as it answers again, before anything is read from it, instead of failing.
	 * @param name the cache name
	 * @return {@code true} when the clear reached the backend, {@code false} when it is kept for later
	 */
	public boolean clearAllTenants(String name) {
		return this.allTenants
			.computeIfAbsent(name, (key) -> this.decorator.apply(new AllTenantsClear(key, this.provider)))
			.invalidate();
	}

	/** @return the driver behind this manager */
	public ScopedCacheProvider getProvider() {
		return this.provider;
	}

	/** @return the tenant of the calling code, or {@code null} for none */
	@Nullable String currentTenant() {
		return this.tenancy.currentTenant();
	}

	/**
	 * @param name the cache name
	 * @param tenant the tenant, or {@code null} for none
	 * @return the decorated driver cache of that scope, created on first use and then always the same
	 */
	Cache scoped(String name, @Nullable String tenant) {
		CacheScope scope = new CacheScope(name, tenant);
		return this.decorated.computeIfAbsent(scope, (key) -> this.decorator.apply(this.provider.getCache(key)));
	}

}

package dev.cacheplatform.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * A cache name whose every operation goes to the current tenant's cache of that name, or, for a cache
 * every tenant shares, always to the one cache without a tenant (the tenant is not even resolved).
 */
final class TenantScopedCache implements Cache {

	private final String name;

	private final CachePlatformCacheManager manager;

	private final boolean shared;

	private volatile @Nullable Cache untenanted;

	TenantScopedCache(String name, CachePlatformCacheManager manager, boolean shared) {
		this.name = name;
		this.manager = manager;
		this.shared = shared;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return current().getNativeCache();
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		return current().get(key);
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		return current().get(key, type);
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		return current().get(key, valueLoader);
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		return current().retrieve(key);
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return current().retrieve(key, valueLoader);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		current().put(key, value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return current().putIfAbsent(key, value);
	}

	@Override
	public void evict(Object key) {
		current().evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return current().evictIfPresent(key);
	}

	@Override
	public void clear() {
		current().clear();
	}

	@Override
	public boolean invalidate() {
		return current().invalidate();
	}

	// Most calls have no tenant: their cache is kept here, saving a map lookup and an allocation per call
	private Cache current() {
		String tenant = this.shared ? null : this.manager.currentTenant();
		if (tenant != null) {
			return this.manager.scoped(this.name, tenant);
		}
		Cache cache = this.untenanted;
		if (cache == null) {
			cache = this.manager.scoped(this.name, null);
			this.untenanted = cache;
		}
		return cache;
	}

}

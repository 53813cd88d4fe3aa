package dev.cacheplatform.actuate;

import java.util.Collection;
import java.util.concurrent.Callable;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.StoreMaintenance;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Cache Platform's cache manager as an operator sees it: clearing a cache clears it for every tenant
 * ({@link CachePlatformCacheManager#clearAllTenants(String)}), not only for the tenant of the request
 * that asked. Reads and writes are the application's, unchanged. A cache's native cache is the store's library
 * object, so the endpoint's {@code target} names Caffeine or Spring Data Redis, not one of our classes.
 */
final class AllTenantsCacheManager implements CacheManager {

	private final CachePlatformCacheManager manager;

	AllTenantsCacheManager(CachePlatformCacheManager manager) {
		this.manager = manager;
	}

	@Override
	public @Nullable Cache getCache(String name) {
		Cache cache = this.manager.getCache(name);
		return (cache != null) ? new AllTenantsCache(cache, this.manager) : null;
	}

	@Override
	public Collection<String> getCacheNames() {
		return this.manager.getCacheNames();
	}

	private record AllTenantsCache(Cache cache, CachePlatformCacheManager manager) implements Cache {

		@Override
		public String getName() {
			return this.cache.getName();
		}

		/**
		 * The store's own library object (Caffeine's cache, the cache role's Redis connection factory), which
		 * Spring Boot shows as the cache's {@code target}, instead of the class of whichever of our layers is
		 * outermost.
		 */
		@Override
		public Object getNativeCache() {
			return (this.manager.getProvider() instanceof StoreMaintenance store) ? store.nativeStore()
					: this.cache.getNativeCache();
		}

		@Override
		public @Nullable ValueWrapper get(Object key) {
			return this.cache.get(key);
		}

		@Override
		public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
			return this.cache.get(key, type);
		}

		@Override
		public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
			return this.cache.get(key, valueLoader);
		}

		@Override
		public void put(Object key, @Nullable Object value) {
			this.cache.put(key, value);
		}

		@Override
		public void evict(Object key) {
			this.cache.evict(key);
		}

		@Override
		public void clear() {
			this.manager.clearAllTenants(getName());
		}

		@Override
		public boolean invalidate() {
			this.manager.clearAllTenants(getName());
			return true;
		}

	}

}

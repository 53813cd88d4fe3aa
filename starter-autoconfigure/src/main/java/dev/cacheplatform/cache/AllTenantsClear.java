package dev.cacheplatform.cache;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * One cache name across every tenant, as something the shared decorators can wrap: its only operation
 * is a clear ({@link ScopedCacheProvider#clearAllTenants(String)}). Wrapped in fault tolerance, a clear
 * the backend does not answer is kept and sent once it answers again, like any other clear. Sends what the
 * driver's {@code clearAllTenants} sends (Redis: {@code SCAN} of {@code <prefix><cache>::*} and
 * {@code <prefix>*:<cache>::*}, then {@code UNLINK} of what it found; never {@code KEYS} or {@code FLUSHDB}).
 */
final class AllTenantsClear implements Cache {

	private final String name;

	private final ScopedCacheProvider provider;

	AllTenantsClear(String name, ScopedCacheProvider provider) {
		this.name = name;
		this.provider = provider;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.provider;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		throw unsupported();
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		throw unsupported();
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		throw unsupported();
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		throw unsupported();
	}

	@Override
	public void evict(Object key) {
		throw unsupported();
	}

	@Override
	public void clear() {
		this.provider.clearAllTenants(this.name);
	}

	/** @return {@code true}: the clear was sent */
	@Override
	public boolean invalidate() {
		clear();
		return true;
	}

	private UnsupportedOperationException unsupported() {
		return new UnsupportedOperationException("Cache '" + this.name + "' across all tenants can only be cleared");
	}

}

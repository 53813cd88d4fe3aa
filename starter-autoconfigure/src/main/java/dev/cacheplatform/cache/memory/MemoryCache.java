package dev.cacheplatform.cache.memory;

import java.util.concurrent.Callable;

import com.github.benmanes.caffeine.cache.Cache;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.Loading;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * One cache (and tenant) as a view of the shared store. {@link #get(Object, Callable)} loads a missing
 * key once however many threads ask at the same moment (Caffeine computes per key). A null result is
 * not stored when the cache does not keep nulls.
 */
final class MemoryCache extends AbstractValueAdaptingCache {

	private final CacheScope scope;

	private final Cache<MemoryKey, Object> store;

	MemoryCache(CacheScope scope, Cache<MemoryKey, Object> store, boolean allowNullValues) {
		super(allowNullValues);
		this.scope = scope;
		this.store = store;
	}

	@Override
	public String getName() {
		return this.scope.qualifiedName();
	}

	@Override
	public Object getNativeCache() {
		return this.store;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		return this.store.getIfPresent(new MemoryKey(this.scope, key));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		Object stored = this.store.get(new MemoryKey(this.scope, key), (memoryKey) -> {
			T value = Loading.call(key, valueLoader);
			return (value == null && !isAllowNullValues()) ? null : toStoreValue(value);
		});
		return (stored != null) ? (T) fromStoreValue(stored) : null;
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return;
		}
		this.store.put(new MemoryKey(this.scope, key), toStoreValue(value));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return get(key);
		}
		Object existing = this.store.asMap().putIfAbsent(new MemoryKey(this.scope, key), toStoreValue(value));
		return toValueWrapper(existing);
	}

	@Override
	public void evict(Object key) {
		this.store.invalidate(new MemoryKey(this.scope, key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.store.asMap().remove(new MemoryKey(this.scope, key)) != null;
	}

	@Override
	public void clear() {
		invalidate();
	}

	@Override
	public boolean invalidate() {
		return this.store.asMap().keySet().removeIf((memoryKey) -> memoryKey.scope().equals(this.scope));
	}

}

package dev.cacheplatform.cache.memcached;

import java.util.concurrent.Callable;

import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.LoadedValueNotStoredException;
import dev.cacheplatform.cache.Loading;
import dev.cacheplatform.codec.ValueUnreadableException;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * One cache (and tenant) of the memcached store. A read is a {@code get} of the entry's key under the scope's
 * current generations ({@link Generations}); a write a {@code set} (or {@code add} for {@link #putIfAbsent}) with
 * the cache's TTL; an evict a {@code delete}; a clear an {@code incr} of the scope's generation, never
 * {@code flush_all}. An entry whose bytes cannot be read is deleted and its {@link ValueUnreadableException}
 * passed on for the fault-tolerance layer to count. {@link #get(Object, Callable)} loads a missing key once per
 * instance however many threads ask (the store's {@link Loading}, whose one caller reads the key again before it
 * loads: one more {@code get} on a miss); a value that could not be stored is returned through
 * {@link LoadedValueNotStoredException}.
 */
final class MemcachedCache extends AbstractValueAdaptingCache {

	private final CacheScope scope;

	private final MemcachedStore store;

	MemcachedCache(CacheScope scope, MemcachedStore store, boolean allowNullValues) {
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
		return this.store.nativeStore();
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		String storeKey = this.store.storeKey(this.scope, key);
		byte[] bytes = this.store.commands().get(storeKey);
		if (bytes == null) {
			return null;
		}
		try {
			return this.store.codec().decode(bytes);
		}
		catch (ValueUnreadableException ex) {
			this.store.commands().delete(storeKey);
			throw ex;
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			return (T) cached.get();
		}
		return this.store.loading().once(new Flight(getName(), key), key, valueLoader,
				() -> Loading.readAgainOrLoad(key, valueLoader, () -> get(key), (value) -> put(key, value)));
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return;
		}
		byte[] bytes = this.store.codec().encode(toStoreValue(value));
		this.store.write(this.scope, this.store.storeKey(this.scope, key), bytes, false);
	}

	/** {@code add}, then a {@code get} of what was there when it was not stored. */
	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return get(key);
		}
		byte[] bytes = this.store.codec().encode(toStoreValue(value));
		if (this.store.write(this.scope, this.store.storeKey(this.scope, key), bytes, true)) {
			return null;
		}
		return get(key);
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.store.commands().delete(this.store.storeKey(this.scope, key));
	}

	@Override
	public void clear() {
		invalidate();
	}

	/** @return {@code true}: the generation moved on (memcached cannot tell whether entries were present) */
	@Override
	public boolean invalidate() {
		this.store.clear(this.scope);
		return true;
	}

	/** What one load is for: the qualified cache name and the key. */
	private record Flight(String cacheName, Object key) {
	}

}

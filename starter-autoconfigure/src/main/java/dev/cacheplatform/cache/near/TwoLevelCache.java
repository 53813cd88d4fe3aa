package dev.cacheplatform.cache.near;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.StoreKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One cache and tenant of the tiered driver: level one ({@link NearCache}, this instance's memory) in front
 * of level two (the fault-tolerant Redis pipeline). A read answered by level one sends nothing; a miss there
 * reads level two and keeps what it found. Every write, evict and clear goes to level two and drops the
 * entry here; other instances drop theirs when Redis reports the change. While Redis's reports are not
 * received, every call goes straight to level two.
 */
final class TwoLevelCache implements Cache {

	private final CacheScope scope;

	private final int scopeHash;

	private final Cache levelTwo;

	private final NearCache near;

	private final StoreKeys storeKeys;

	TwoLevelCache(CacheScope scope, Cache levelTwo, NearCache near, StoreKeys storeKeys) {
		this.scope = scope;
		this.scopeHash = scope.hashCode();
		this.levelTwo = levelTwo;
		this.near = near;
		this.storeKeys = storeKeys;
	}

	@Override
	public String getName() {
		return this.levelTwo.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.levelTwo.getNativeCache();
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		if (!this.near.isTracking()) {
			return this.levelTwo.get(key);
		}
		NearKey nearKey = new NearKey(this.scope, this.scopeHash, key);
		ValueWrapper held = this.near.get(nearKey);
		if (held != null) {
			return held;
		}
		ByteBuffer storeKey = storeKey(key);
		long stamp = this.near.stamp(storeKey);
		ValueWrapper found = this.levelTwo.get(key);
		if (found != null) {
			this.near.fill(nearKey, storeKey, found, stamp);
		}
		return found;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		if (this.near.isTracking()) {
			ValueWrapper held = this.near.get(new NearKey(this.scope, this.scopeHash, key));
			if (held != null && (type == null || type.isInstance(held.get()))) {
				return (T) held.get();
			}
		}
		// Level two checks the type (a misfit is deleted and counted there) and answers misses
		return this.levelTwo.get(key, type);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		if (!this.near.isTracking()) {
			return this.levelTwo.get(key, valueLoader);
		}
		NearKey nearKey = new NearKey(this.scope, this.scopeHash, key);
		ValueWrapper held = this.near.get(nearKey);
		if (held != null) {
			return (T) held.get();
		}
		ByteBuffer storeKey = storeKey(key);
		long stamp = this.near.stamp(storeKey);
		T value = this.levelTwo.get(key, valueLoader);
		if (value != null) { // a null result may be one the cache does not keep
			this.near.fill(nearKey, storeKey, new SimpleValueWrapper(value), stamp);
		}
		return value;
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		if (this.near.isTracking()) {
			ValueWrapper held = this.near.get(new NearKey(this.scope, this.scopeHash, key));
			if (held != null) {
				return CompletableFuture.completedFuture(held);
			}
		}
		return this.levelTwo.retrieve(key);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		if (this.near.isTracking()) {
			ValueWrapper held = this.near.get(new NearKey(this.scope, this.scopeHash, key));
			if (held != null) {
				return CompletableFuture.completedFuture((T) held.get());
			}
		}
		return this.levelTwo.retrieve(key, valueLoader);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.near.evict(new NearKey(this.scope, this.scopeHash, key));
		this.levelTwo.put(key, value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		this.near.evict(new NearKey(this.scope, this.scopeHash, key));
		return this.levelTwo.putIfAbsent(key, value);
	}

	@Override
	public void evict(Object key) {
		this.near.evict(new NearKey(this.scope, this.scopeHash, key));
		this.levelTwo.evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		this.near.evict(new NearKey(this.scope, this.scopeHash, key));
		return this.levelTwo.evictIfPresent(key);
	}

	@Override
	public void clear() {
		this.near.evictAll(this::inScope);
		this.levelTwo.clear();
	}

	@Override
	public boolean invalidate() {
		this.near.evictAll(this::inScope);
		return this.levelTwo.invalidate();
	}

	private boolean inScope(NearKey key) {
		return this.scope.isAllTenants() ? key.scope().cacheName().equals(this.scope.cacheName())
				: key.scope().equals(this.scope);
	}

	private ByteBuffer storeKey(Object key) {
		return ByteBuffer.wrap(this.storeKeys.storeKey(this.scope, key));
	}

}

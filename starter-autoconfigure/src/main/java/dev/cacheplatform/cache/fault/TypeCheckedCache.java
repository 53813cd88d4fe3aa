package dev.cacheplatform.cache.fault;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * One cache as one {@code @Cacheable} method sees it: a hit whose value is not of the method's return
 * type is a miss (see {@link TypeCheckingCacheResolver}). Everything else goes to the cache unchanged.
 */
final class TypeCheckedCache implements Cache {

	private final Cache delegate;

	private final Class<?> expected;

	private final Method method;

	private final TypeCheckingCacheResolver resolver;

	TypeCheckedCache(Cache delegate, Class<?> expected, Method method, TypeCheckingCacheResolver resolver) {
		this.delegate = delegate;
		this.expected = expected;
		this.method = method;
		this.resolver = resolver;
	}

	@Override
	public String getName() {
		return this.delegate.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.delegate.getNativeCache();
	}

	/** @return the cached value, or {@code null} (a miss) when it does not fit the method */
	@Override
	public @Nullable ValueWrapper get(Object key) {
		ValueWrapper wrapper = this.delegate.get(key);
		return (wrapper != null && fits(key, wrapper.get())) ? wrapper : null;
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		return this.delegate.get(key, type);
	}

	/**
	 * @return the cached or loaded value; a cached value that does not fit is deleted and the loader runs
	 * through the cache once more, or directly if a misfit is found again
	 */
	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		T value = this.delegate.get(key, valueLoader);
		if (fits(key, value)) {
			return value;
		}
		value = this.delegate.get(key, valueLoader);
		if (fits(key, value)) {
			return value;
		}
		try {
			return valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	/** @return the delegate's future, completing with {@code null} (a miss) when the value does not fit */
	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		CompletableFuture<?> future = this.delegate.retrieve(key);
		if (future == null) {
			return null;
		}
		return future.thenApply((result) -> fits(key, unwrap(result)) ? result : null);
	}

	/** @return the cached or loaded value's future; a cached value that does not fit is deleted and loaded again */
	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.delegate.retrieve(key, valueLoader)
			.thenCompose((value) -> fits(key, value) ? CompletableFuture.completedFuture(value)
					: this.delegate.retrieve(key, valueLoader)
						.thenCompose((again) -> fits(key, again) ? CompletableFuture.completedFuture(again)
								: valueLoader.get()));
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.delegate.put(key, value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return this.delegate.putIfAbsent(key, value);
	}

	@Override
	public void evict(Object key) {
		this.delegate.evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.delegate.evictIfPresent(key);
	}

	@Override
	public void clear() {
		this.delegate.clear();
	}

	@Override
	public boolean invalidate() {
		return this.delegate.invalidate();
	}

	private boolean fits(Object key, @Nullable Object value) {
		if (value == null || this.expected.isInstance(value)) {
			return true;
		}
		this.resolver.wrongType(this.delegate, key, value, this.expected, this.method);
		return false;
	}

	private static @Nullable Object unwrap(@Nullable Object result) {
		return (result instanceof ValueWrapper wrapper) ? wrapper.get() : result;
	}

}

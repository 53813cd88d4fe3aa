package dev.cacheplatform.cache.fault;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.cache.LoadedValueNotStoredException;
import dev.cacheplatform.cache.Loading;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * A cache whose faults never fail the request: a failed read is a miss (the method runs), a failed write
 * is skipped, a failed evict or clear is counted, logged and kept to be sent once the backend answers
 * again (see {@link PendingInvalidations}). While the backend's circuit breaker is open the delegate is not
 * called at all. Exceptions from the user's own method
 * ({@link Cache.ValueRetrievalException}) pass through unchanged.
 */
public class FaultTolerantCache implements Cache {

	private final Cache delegate;

	private final CacheFaultPolicy policy;

	private final String name;

	/**
	 * @param delegate the driver's cache
	 * @param policy the breaker, counters and log of the backend the delegate uses
	 */
	public FaultTolerantCache(Cache delegate, CacheFaultPolicy policy) {
		this.delegate = delegate;
		this.policy = policy;
		this.name = delegate.getName();
	}

	/**
	 * Asks the breaker for a call; when one is granted and evictions or clears are still pending from an
	 * outage, sends them first, so no read after recovery returns an entry evicted during it.
	 * @param kind how a failure of the pending work counts: as a failure of the operation that met it
	 * @return whether the backend may be called now; if so, the caller reports the call's outcome
	 */
	private boolean acquire(Kind kind) {
		if (!this.policy.tryAcquire(this.name)) {
			return false;
		}
		if (this.policy.pending().isEmpty()) {
			return true;
		}
		long start = this.policy.nanoTime();
		try {
			this.policy.pending().replay();
			return true;
		}
		catch (Throwable ex) {
			this.policy.failed(kind, this.name, this.policy.since(start), ex);
			return false;
		}
	}

	/**
	 * Runs one backend operation under the breaker: skipped while it is open, timed, its outcome reported.
	 * @param kind how a failure counts
	 * @param operation the call to the driver's cache
	 * @param onFault what the caller gets when the call is skipped or fails
	 * @param unsent what to remember when the call did not reach the backend (evictions and clears), if anything
	 * @return the operation's result, or {@code onFault}
	 */
	private <T> @Nullable T call(Kind kind, Supplier<@Nullable T> operation, @Nullable T onFault,
			@Nullable Runnable unsent) {
		if (!acquire(kind)) {
			if (unsent != null) {
				unsent.run();
			}
			return onFault;
		}
		long start = this.policy.nanoTime();
		try {
			T result = operation.get();
			this.policy.succeeded(this.policy.since(start));
			return result;
		}
		catch (Throwable ex) {
			if (unsent != null) {
				unsent.run();
			}
			this.policy.failed(kind, this.name, this.policy.since(start), ex);
			return onFault;
		}
	}

	/** @return the driver's cache behind this one */
	public Cache getTargetCache() {
		return this.delegate;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.delegate.getNativeCache();
	}

	/** @return the cached value, or {@code null} (a miss) when the backend fails or is bypassed */
	@Override
	public @Nullable ValueWrapper get(Object key) {
		return call(Kind.GET_FAILED, () -> this.delegate.get(key), null, null);
	}

	/**
	 * @return the cached value, or {@code null} (a miss) when the backend fails or is bypassed, or when the
	 * value is not of the type asked for: such an entry is deleted and counted as a wrong-typed entry, not
	 * as a backend failure (Spring's caches throw {@code IllegalStateException} instead)
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		return call(Kind.GET_FAILED, () -> {
			ValueWrapper wrapper = this.delegate.get(key);
			Object value = (wrapper != null) ? wrapper.get() : null;
			if (value != null && type != null && !type.isInstance(value)) {
				this.delegate.evictIfPresent(key);
				throw TypeCheckingCacheResolver.wrongTypeException(value.getClass(), type, "the caller asked for");
			}
			return (T) value;
		}, null, null);
	}

	/**
	 * Returns the cached value or loads, stores and returns it. When the backend fails or is bypassed the
	 * loader runs directly (once) and nothing is stored; when it fails after loading, the loaded value is
	 * returned. The loader's own failure propagates as a {@link Cache.ValueRetrievalException}.
	 */
	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		if (!acquire(Kind.GET_FAILED)) {
			return Loading.call(key, valueLoader);
		}
		TimedLoader<T> loader = new TimedLoader<>(valueLoader, this.policy);
		long start = this.policy.nanoTime();
		try {
			T value = this.delegate.get(key, loader);
			this.policy.succeeded(loader.backendNanos(this.policy.since(start)));
			return value;
		}
		catch (Throwable ex) {
			return recover(key, valueLoader, loader, loader.backendNanos(this.policy.since(start)), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T recover(Object key, Callable<T> valueLoader, TimedLoader<T> loader, long durationNanos,
			Throwable ex) {
		Throwable userFailure = loader.failure;
		if (userFailure != null) {
			this.policy.released();
			if (ex instanceof ValueRetrievalException || ex instanceof Error) {
				throw rethrow(ex);
			}
			throw new ValueRetrievalException(key, valueLoader, userFailure);
		}
		if (ex instanceof LoadedValueNotStoredException notStored) {
			this.policy.failed(Kind.PUT_FAILED, this.name, durationNanos,
					Objects.requireNonNullElse(notStored.getCause(), notStored));
			return (T) notStored.getValue();
		}
		this.policy.failed(loader.ran ? Kind.PUT_FAILED : Kind.GET_FAILED, this.name, durationNanos, ex);
		return loader.ran ? loader.value : Loading.call(key, valueLoader);
	}

	/** Stores the value; skipped when the backend fails or is bypassed. */
	@Override
	public void put(Object key, @Nullable Object value) {
		call(Kind.PUT_FAILED, () -> {
			this.delegate.put(key, value);
			return null;
		}, null, null);
	}

	/** @return the existing value, or {@code null}, also when the backend fails or is bypassed (nothing stored) */
	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return call(Kind.PUT_FAILED, () -> this.delegate.putIfAbsent(key, value), null, null);
	}

	/** Evicts the key; a failure is counted and logged, never thrown. */
	@Override
	public void evict(Object key) {
		call(Kind.EVICT_FAILED, () -> {
			this.delegate.evict(key);
			return null;
		}, null, () -> this.policy.pending().evict(this.delegate, key));
	}

	/** @return whether the key was present; {@code false} when the backend fails or is bypassed */
	@Override
	public boolean evictIfPresent(Object key) {
		return call(Kind.EVICT_FAILED, () -> this.delegate.evictIfPresent(key), false,
				() -> this.policy.pending().evict(this.delegate, key));
	}

	/** Clears the cache; a failure is counted and logged, never thrown. */
	@Override
	public void clear() {
		call(Kind.CLEAR_FAILED, () -> {
			this.delegate.clear();
			return null;
		}, null, () -> this.policy.pending().clear(this.delegate));
	}

	/** @return whether entries were present; {@code false} when the backend fails or is bypassed */
	@Override
	public boolean invalidate() {
		return call(Kind.CLEAR_FAILED, this.delegate::invalidate, false, () -> this.policy.pending().clear(this.delegate));
	}

	/**
	 * @return the delegate's future, completing with {@code null} (a miss) if the backend fails; {@code null}
	 * when the backend fails at once or is bypassed
	 * @throws UnsupportedOperationException when the delegate does not support async retrieval, as without
	 * this decorator
	 */
	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		if (!acquire(Kind.GET_FAILED)) {
			return null;
		}
		long start = this.policy.nanoTime();
		CompletableFuture<?> future;
		try {
			future = this.delegate.retrieve(key);
		}
		catch (UnsupportedOperationException ex) {
			this.policy.released();
			throw ex;
		}
		catch (Throwable ex) {
			this.policy.failed(Kind.GET_FAILED, this.name, this.policy.since(start), ex);
			return null;
		}
		if (future == null) {
			this.policy.succeeded(this.policy.since(start));
			return null;
		}
		return future.handle((value, ex) -> {
			if (ex == null) {
				this.policy.succeeded(this.policy.since(start));
				return value;
			}
			this.policy.failed(Kind.GET_FAILED, this.name, this.policy.since(start), unwrap(ex));
			return null;
		});
	}

	/**
	 * @return the delegate's future; when the backend fails or is bypassed, the loader's future instead
	 * (the loader runs once), and the loader's own failure is passed on unchanged
	 * @throws UnsupportedOperationException when the delegate does not support async retrieval, as without
	 * this decorator
	 */
	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		if (!acquire(Kind.GET_FAILED)) {
			return valueLoader.get();
		}
		TimedSupplier<T> loader = new TimedSupplier<>(valueLoader, this.policy);
		long start = this.policy.nanoTime();
		CompletableFuture<T> future;
		try {
			future = this.delegate.retrieve(key, loader);
		}
		catch (UnsupportedOperationException ex) {
			this.policy.released();
			throw ex;
		}
		catch (Throwable ex) {
			if (loader.isUserFailure(ex)) {
				this.policy.released();
				throw rethrow(ex);
			}
			return fallback(valueLoader, loader, this.policy.since(start), ex);
		}
		return future.handle((value, ex) -> {
			if (ex == null) {
				this.policy.succeeded(loader.backendNanos(this.policy.since(start)));
				return future;
			}
			Throwable cause = unwrap(ex);
			if (loader.isUserFailure(cause)) {
				this.policy.released();
				return future;
			}
			return fallback(valueLoader, loader, this.policy.since(start), cause);
		}).thenCompose(Function.identity());
	}

	private <T> CompletableFuture<T> fallback(Supplier<CompletableFuture<T>> valueLoader, TimedSupplier<T> loader,
			long totalNanos, Throwable ex) {
		CompletableFuture<T> loaded = loader.future;
		this.policy.failed((loaded != null) ? Kind.PUT_FAILED : Kind.GET_FAILED, this.name,
				loader.backendNanos(totalNanos), ex);
		return (loaded != null) ? loaded : valueLoader.get();
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex.getCause();
		return ((ex instanceof CompletionException || ex instanceof ExecutionException) && cause != null) ? cause : ex;
	}

	private static RuntimeException rethrow(Throwable ex) {
		if (ex instanceof Error error) {
			throw error;
		}
		return (ex instanceof RuntimeException runtime) ? runtime : new CompletionException(ex);
	}

	/**
	 * The user's loader, timed, so its run does not count as backend time (a slow method is not a slow
	 * cache) and so a failure after loading returns the value instead of loading twice.
	 */
	private static final class TimedLoader<T> implements Callable<T> {

		private final Callable<T> loader;

		private final CacheFaultPolicy policy;

		volatile boolean ran;

		volatile @Nullable T value;

		volatile @Nullable Throwable failure;

		private volatile long nanos;

		TimedLoader(Callable<T> loader, CacheFaultPolicy policy) {
			this.loader = loader;
			this.policy = policy;
		}

		@Override
		public T call() throws Exception {
			long start = this.policy.nanoTime();
			this.ran = true;
			try {
				T loaded = this.loader.call();
				this.value = loaded;
				return loaded;
			}
			catch (Throwable ex) {
				this.failure = ex;
				throw ex;
			}
			finally {
				this.nanos = this.policy.since(start);
			}
		}

		// When this caller did not run the loader, the call may have waited for another caller's load of
		// the same key: that wait says nothing about the backend, so it is not judged as slow.
		long backendNanos(long totalNanos) {
			return this.ran ? totalNanos - this.nanos : 0;
		}

		@Override
		public String toString() {
			return this.loader.toString();
		}

	}

	/** The async counterpart of {@link TimedLoader}. */
	private static final class TimedSupplier<T> implements Supplier<CompletableFuture<T>> {

		private final Supplier<CompletableFuture<T>> loader;

		private final CacheFaultPolicy policy;

		volatile @Nullable CompletableFuture<T> future;

		volatile @Nullable Throwable failure;

		private volatile long nanos;

		TimedSupplier(Supplier<CompletableFuture<T>> loader, CacheFaultPolicy policy) {
			this.loader = loader;
			this.policy = policy;
		}

		@Override
		public CompletableFuture<T> get() {
			long start = this.policy.nanoTime();
			CompletableFuture<T> loading;
			try {
				loading = this.loader.get();
			}
			catch (RuntimeException | Error ex) {
				this.failure = ex;
				throw ex;
			}
			// The delegate gets this dependent stage, so the time is recorded before the delegate sees the result.
			CompletableFuture<T> timed = loading.whenComplete((value, ex) -> this.nanos = this.policy.since(start));
			this.future = timed;
			return timed;
		}

		long backendNanos(long totalNanos) {
			return (this.future != null) ? totalNanos - this.nanos : 0;
		}

		/** Whether a failure is the user's (the loader threw or its future failed), to be passed on as is. */
		boolean isUserFailure(Throwable ex) {
			CompletableFuture<T> loaded = this.future;
			return this.failure != null || (loaded != null && loaded.isCompletedExceptionally())
					|| ex instanceof ValueRetrievalException || ex instanceof Error;
		}

		@Override
		public String toString() {
			return this.loader.toString();
		}

	}

}

package dev.cacheplatform.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueRetrievalException;

/**
 * The one home of running the user's method on a miss ({@code @Cacheable(sync = true)}, or a layer that
 * calls through while its store is down): {@link #call} runs it and reports its failure as Spring's
 * {@link ValueRetrievalException}; an instance is a single flight, so concurrent misses of one key in this
 * JVM run one load and share its result or its failure. A store may add a cross-instance step inside the
 * flight (the Redis store's load lock).
 * <p>
 * Keyed by what is loaded (the store's cache name and the key), not by cache object, so a cache object
 * rebuilt while a load is in flight still joins it.
 */
public final class Loading {

	private final ConcurrentMap<Object, CompletableFuture<@Nullable Object>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Runs the user's method.
	 * @param key the cache key, for the exception
	 * @param valueLoader the method
	 * @return what it returned
	 * @throws ValueRetrievalException wrapping what it threw
	 */
	public static <T> @Nullable T call(Object key, Callable<T> valueLoader) {
		try {
			return valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	/**
	 * Runs {@code work} unless a caller with the same flight key is already running it, in which case this
	 * one waits for that result (or rethrows that failure).
	 * @param flightKey what is loaded, e.g. a record of the cache name and the key
	 * @param key the cache key, for the exception when the wait is interrupted
	 * @param valueLoader the user's method, for that exception
	 * @param work the load (and store) to run once
	 * @return the work's result
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T once(Object flightKey, Object key, Callable<?> valueLoader, Supplier<@Nullable T> work) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.inFlight.putIfAbsent(flightKey, mine);
		if (running != null) {
			return (T) join(key, running, valueLoader);
		}
		try {
			T value = work.get();
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(flightKey, mine);
		}
	}

	/** @return how many loads are in flight right now */
	public int inFlight() {
		return this.inFlight.size();
	}

	private static @Nullable Object join(Object key, CompletableFuture<@Nullable Object> running, Callable<?> valueLoader) {
		try {
			return running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new ValueRetrievalException(key, valueLoader, ex.getCause());
		}
	}

}

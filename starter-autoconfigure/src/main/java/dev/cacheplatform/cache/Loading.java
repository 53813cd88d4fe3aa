package dev.cacheplatform.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.Cache.ValueWrapper;

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

	/**
	 * The work of a flight for a store without a cross-instance step: reads the key once more, because a caller
	 * that missed just before another caller's load landed starts its own flight after that one ended (what
	 * landed is then its answer: one more read instead of a second load); otherwise runs the user's method and
	 * stores its result.
	 * @param key the cache key
	 * @param valueLoader the user's method
	 * @param read reads the key from the store, {@code null} on a miss
	 * @param store stores the loaded value
	 * @return the value that landed, or the loaded one
	 * @throws ValueRetrievalException wrapping what the method threw
	 * @throws LoadedValueNotStoredException carrying the loaded value if the store failed
	 */
	@SuppressWarnings("unchecked")
	public static <T> @Nullable T readAgainOrLoad(Object key, Callable<T> valueLoader,
			Supplier<@Nullable ValueWrapper> read, Consumer<@Nullable Object> store) {
		ValueWrapper landed = read.get();
		if (landed != null) {
			return (T) landed.get();
		}
		T value = call(key, valueLoader);
		try {
			store.accept(value);
		}
		catch (RuntimeException ex) {
			throw new LoadedValueNotStoredException(value, ex);
		}
		return value;
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

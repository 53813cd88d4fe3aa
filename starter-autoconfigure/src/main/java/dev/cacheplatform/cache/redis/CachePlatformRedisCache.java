package dev.cacheplatform.cache.redis;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.cacheplatform.cache.LoadedValueNotStoredException;
import dev.cacheplatform.codec.ValueUnreadableException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;

/**
 * Spring Data Redis's cache with these changes:
 * <ul>
 * <li>an entry whose bytes cannot be read (corrupt, truncated, refused type, changed class, too large)
 * is deleted with {@code UNLINK} and its {@link ValueUnreadableException} is passed on, so the
 * fault-tolerance layer in front counts and logs it as a bad entry, answers a miss and keeps it out of
 * the circuit breaker's judgement (the read took as long as the entry made it take, not the server);</li>
 * <li>{@link #clear()} removes exactly this cache's keys, matched by an escaped pattern, with SCAN and
 * UNLINK (never KEYS or FLUSHDB), and has taken effect when it returns, like {@link #evict};</li>
 * <li>{@link #get(Object, Callable)} loads a missing key once per instance however many threads ask
 * at the same moment; if the value cannot be stored it says so with
 * {@link LoadedValueNotStoredException}, carrying the value;</li>
 * <li>a null result is simply not stored when the cache keeps no nulls (Spring Data Redis would throw).</li>
 * </ul>
 */
public class CachePlatformRedisCache extends RedisCache {

	private final String keyPrefix;

	private final ConcurrentMap<Object, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();

	/**
	 * @param name the qualified cache name ({@code <tenant>:<cache>} or the cache name)
	 * @param writer the writer that talks to Redis
	 * @param configuration TTL, serializers and key prefix of this cache
	 */
	public CachePlatformRedisCache(String name, RedisCacheWriter writer, RedisCacheConfiguration configuration) {
		super(name, writer, configuration);
		this.keyPrefix = configuration.getKeyPrefixFor(name);
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		try {
			return super.lookup(key);
		}
		catch (ValueUnreadableException ex) {
			super.evictIfPresent(key);
			throw ex;
		}
	}

	@Override
	public CompletableFuture<ValueWrapper> retrieve(Object key) {
		return super.retrieve(key).whenComplete((value, ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof ValueUnreadableException) {
				super.evictIfPresent(key);
			}
		});
	}

	@Override
	public void evict(Object key) {
		super.evictIfPresent(key);
	}

	@Override
	public void clear() {
		invalidate();
	}

	@Override
	public boolean invalidate() {
		return getCacheWriter().invalidate(getName(),
				SafeRedisCacheWriter.bytes(KeyPatterns.escape(this.keyPrefix) + "*"));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			return (T) cached.get();
		}
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> inFlight = this.loading.putIfAbsent(key, mine);
		if (inFlight != null) {
			return (T) join(key, inFlight, valueLoader);
		}
		try {
			T value = load(key, valueLoader);
			mine.complete(value);
			try {
				put(key, value);
			}
			catch (RuntimeException ex) {
				throw new LoadedValueNotStoredException(value, ex);
			}
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(key, mine);
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return;
		}
		super.put(key, value);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		if (value == null && !isAllowNullValues()) {
			return get(key);
		}
		return super.putIfAbsent(key, value);
	}

	private static <T> @Nullable T load(Object key, Callable<T> valueLoader) {
		try {
			return valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	private @Nullable Object join(Object key, CompletableFuture<Object> inFlight, Callable<?> valueLoader) {
		try {
			return inFlight.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ValueRetrievalException(key, valueLoader, ex.getCause());
		}
	}

}

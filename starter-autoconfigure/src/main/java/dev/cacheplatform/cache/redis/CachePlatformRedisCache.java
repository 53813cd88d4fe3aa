package dev.cacheplatform.cache.redis;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import dev.cacheplatform.cache.LoadedValueNotStoredException;
import dev.cacheplatform.cache.Loading;
import dev.cacheplatform.codec.ValueUnreadableException;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.SimpleValueWrapper;
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
 * at the same moment (through the store's {@link Loading}, whose one caller reads the key again before it
 * loads, so a caller that missed just as another load landed takes that value), and, with a
 * {@link RedisLoadLock}, once across all instances; if the value cannot be stored it says so with
 * {@link LoadedValueNotStoredException}, carrying the value;</li>
 * <li>a null result is simply not stored when the cache keeps no nulls (Spring Data Redis would throw).</li>
 * </ul>
 */
public class CachePlatformRedisCache extends RedisCache {

	private final String keyPrefix;

	private final Loading loading;

	private final @Nullable RedisLoadLock lock;

	/**
	 * @param name the qualified cache name ({@code <tenant>:<cache>} or the cache name)
	 * @param settings the writer, configuration and single flight of the cache name
	 */
	CachePlatformRedisCache(String name, Settings settings) {
		super(name, settings.writer(), settings.configuration());
		this.keyPrefix = settings.configuration().getKeyPrefixFor(name);
		this.loading = settings.loading();
		this.lock = settings.lock();
	}

	/**
	 * @param name the qualified cache name ({@code <tenant>:<cache>} or the cache name)
	 * @param writer the writer that talks to Redis
	 * @param configuration TTL, serializers and key prefix of this cache
	 */
	public CachePlatformRedisCache(String name, RedisCacheWriter writer, RedisCacheConfiguration configuration) {
		this(name, new Settings(writer, configuration, new Loading(), null));
	}

	/**
	 * @param key the cache key
	 * @return its Redis key bytes ({@code <prefix><tenant>:<cache>::<key>} through the key serializer)
	 */
	byte[] storeKey(Object key) {
		return serializeCacheKey(createCacheKey(key));
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
		return this.loading.once(new Flight(getName(), key), key, valueLoader, () -> loadAndStore(key, valueLoader));
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T loadAndStore(Object key, Callable<T> valueLoader) {
		RedisLoadLock lock = this.lock;
		if (lock == null) {
			// The lock's owner reads again the same way, after taking the lock
			return Loading.readAgainOrLoad(key, valueLoader, () -> get(key), (value) -> put(key, value));
		}
		AtomicReference<@Nullable RuntimeException> storeFailure = new AtomicReference<>();
		ValueWrapper result;
		try {
			result = lock.load(storeKey(key), () -> get(key),
					() -> new SimpleValueWrapper(Loading.call(key, valueLoader)), (loaded) -> {
						try {
							put(key, loaded.get());
						}
						catch (RuntimeException ex) {
							storeFailure.set(ex);
						}
					});
		}
		catch (RuntimeException ex) {
			throw ex; // the loader's ValueRetrievalException, unchanged
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		T value = (T) result.get();
		RuntimeException notStored = storeFailure.get();
		if (notStored != null) {
			throw new LoadedValueNotStoredException(value, notStored);
		}
		return value;
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

	/** What one load is for: the qualified cache name and the key. */
	private record Flight(String cacheName, Object key) {
	}

	/**
	 * What every tenant's cache of one cache name shares.
	 * @param writer the writer that talks to Redis
	 * @param configuration TTL, serializers and key prefix
	 * @param loading the store's single flight
	 * @param lock the cross-instance load lock, or {@code null} to load once per instance only
	 */
	record Settings(RedisCacheWriter writer, RedisCacheConfiguration configuration, Loading loading,
			@Nullable RedisLoadLock lock) {
	}

}

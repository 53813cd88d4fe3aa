package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.cacheplatform.cache.LoadedValueNotStoredException;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A driver cache whose behaviour a test switches: healthy (a map), failing, failing only on writes
 * (reads work, the value is loaded, the write throws), or slow (each call moves the fake clock).
 * Counts every call that reaches it.
 */
final class SwitchableCache implements Cache {

	enum Mode {

		HEALTHY,

		/** Every call throws before doing anything; retrieve's futures fail (or it throws, if asked). */
		FAILING,

		/** Reads work; writes, including the write after loading, throw. */
		WRITES_FAILING,

		/** Like WRITES_FAILING, but get(key, loader) reports it the way the Redis driver does. */
		LOADED_NOT_STORED

	}

	private static final Object NULL = new Object();

	private final String name;

	private final ConcurrentMap<Object, Object> store = new ConcurrentHashMap<>();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile Mode mode = Mode.HEALTHY;

	private volatile RuntimeException failure = new RuntimeException("connection refused");

	private volatile boolean retrieveThrows;

	private volatile @Nullable FakeTicker ticker;

	private volatile Duration delay = Duration.ZERO;

	SwitchableCache(String name) {
		this.name = name;
	}

	SwitchableCache healthy() {
		this.mode = Mode.HEALTHY;
		this.delay = Duration.ZERO;
		return this;
	}

	SwitchableCache failing(RuntimeException failure) {
		this.mode = Mode.FAILING;
		this.failure = failure;
		return this;
	}

	SwitchableCache failingWrites(RuntimeException failure) {
		this.mode = Mode.WRITES_FAILING;
		this.failure = failure;
		return this;
	}

	SwitchableCache loadedNotStored(RuntimeException failure) {
		this.mode = Mode.LOADED_NOT_STORED;
		this.failure = failure;
		return this;
	}

	/** Retrieve throws at once instead of returning a failed future. */
	SwitchableCache retrieveThrows() {
		this.retrieveThrows = true;
		return this;
	}

	SwitchableCache slow(FakeTicker ticker, Duration delay) {
		this.ticker = ticker;
		this.delay = delay;
		return this;
	}

	int calls() {
		return this.calls.get();
	}

	boolean contains(Object key) {
		return this.store.containsKey(key);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.store;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		enter();
		Object stored = this.store.get(key);
		return (stored != null) ? new SimpleValueWrapper(unwrap(stored)) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		enter();
		Object stored = this.store.get(key);
		return (stored != null) ? (T) unwrap(stored) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		enter();
		Object stored = this.store.get(key);
		if (stored != null) {
			return (T) unwrap(stored);
		}
		T value;
		try {
			value = valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		if (this.mode == Mode.LOADED_NOT_STORED) {
			throw new LoadedValueNotStoredException(value, this.failure);
		}
		write();
		this.store.put(key, wrap(value));
		return value;
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		this.calls.incrementAndGet();
		if (this.mode == Mode.FAILING) {
			if (this.retrieveThrows) {
				throw this.failure;
			}
			return CompletableFuture.failedFuture(this.failure);
		}
		Object stored = this.store.get(key);
		return (stored != null) ? CompletableFuture.completedFuture(unwrap(stored)) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		this.calls.incrementAndGet();
		if (this.mode == Mode.FAILING) {
			if (this.retrieveThrows) {
				throw this.failure;
			}
			return CompletableFuture.failedFuture(this.failure);
		}
		Object stored = this.store.get(key);
		if (stored != null) {
			return CompletableFuture.completedFuture((T) unwrap(stored));
		}
		return valueLoader.get().thenApply((value) -> {
			write();
			this.store.put(key, wrap(value));
			return value;
		});
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		enter();
		write();
		this.store.put(key, wrap(value));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		enter();
		write();
		Object existing = this.store.putIfAbsent(key, wrap(value));
		return (existing != null) ? new SimpleValueWrapper(unwrap(existing)) : null;
	}

	@Override
	public void evict(Object key) {
		enter();
		write();
		this.store.remove(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		enter();
		write();
		return this.store.remove(key) != null;
	}

	@Override
	public void clear() {
		enter();
		write();
		this.store.clear();
	}

	@Override
	public boolean invalidate() {
		enter();
		write();
		boolean present = !this.store.isEmpty();
		this.store.clear();
		return present;
	}

	private void enter() {
		this.calls.incrementAndGet();
		FakeTicker ticker = this.ticker;
		if (ticker != null) {
			ticker.advance(this.delay);
		}
		if (this.mode == Mode.FAILING) {
			throw this.failure;
		}
	}

	private void write() {
		if (this.mode == Mode.WRITES_FAILING || this.mode == Mode.LOADED_NOT_STORED) {
			throw this.failure;
		}
	}

	private static Object wrap(@Nullable Object value) {
		return (value != null) ? value : NULL;
	}

	private static @Nullable Object unwrap(Object stored) {
		return (stored != NULL) ? stored : null;
	}

}

package dev.cacheplatform.metrics;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.cacheplatform.metrics.CacheMeters.ScopeMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * One cache (and tenant) as it is measured at one layer of the pipeline. In front of everything
 * ({@link Position#APPLICATION}, or {@link Position#TIERED_APPLICATION} for the tiered driver) it counts what the
 * application sees ({@code cache.gets}, {@code cache.puts}, {@code cache.removals}, {@code cache.clears}), times
 * the user's method on the miss path ({@code cache.loads}) and observes {@code cache.get}/{@code cache.put};
 * behind the tiered driver's level one ({@link Position#LEVEL_TWO}) it counts and times what reaches Redis.
 * The backend latency never includes the user's method: its time is taken out. Adds no call to the backend.
 */
final class MeteredCache implements Cache {

	/** Where in the pipeline the cache sits. */
	enum Position {

		/** In front of the memory or Redis store: the backend latency is the whole call. */
		APPLICATION,

		/** In front of the tiered driver's level one: latency and level counts of answers from level one. */
		TIERED_APPLICATION,

		/** Between the tiered driver's level one and Redis. */
		LEVEL_TWO

	}

	/**
	 * Calls that reached level two on this thread: the application layer compares it before and after a get to
	 * learn whether level one answered, without a call of its own.
	 */
	private static final ThreadLocal<int[]> levelTwoCalls = ThreadLocal.withInitial(() -> new int[1]);

	private final Cache inner;

	private final ScopeMeters meters;

	private final CacheMeters owner;

	private final Position position;

	MeteredCache(Cache inner, ScopeMeters meters, CacheMeters owner, Position position) {
		this.inner = inner;
		this.meters = meters;
		this.owner = owner;
		this.position = position;
	}

	@Override
	public String getName() {
		return this.inner.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.inner.getNativeCache();
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		Call call = start();
		try (Observation.Scope scope = call.scope()) {
			ValueWrapper found = this.inner.get(key);
			call.hit = found != null;
			return found;
		}
		catch (RuntimeException ex) {
			throw call.failed(ex);
		}
		finally {
			gotten(call);
		}
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		Call call = start();
		try (Observation.Scope scope = call.scope()) {
			T found = this.inner.get(key, type);
			call.hit = found != null;
			return found;
		}
		catch (RuntimeException ex) {
			throw call.failed(ex);
		}
		finally {
			gotten(call);
		}
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		Call call = start();
		try (Observation.Scope scope = call.scope()) {
			T value = this.inner.get(key, call.watch(valueLoader));
			call.hit = !call.loaded;
			return value;
		}
		catch (RuntimeException ex) {
			throw call.failed(ex);
		}
		finally {
			gotten(call);
		}
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		passingLevelTwo();
		CompletableFuture<?> found = this.inner.retrieve(key);
		if (found == null) {
			this.meters.misses().increment();
			return null;
		}
		return found.whenComplete((value, ex) -> ((value != null) ? this.meters.hits() : this.meters.misses())
			.increment());
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		passingLevelTwo();
		AtomicBoolean loaded = new AtomicBoolean();
		Supplier<CompletableFuture<T>> watched = () -> {
			loaded.set(true);
			long start = System.nanoTime();
			return valueLoader.get()
				.whenComplete((value, ex) -> record((ex == null) ? this.meters.loadSuccess() : this.meters.loadFailure(),
						System.nanoTime() - start));
		};
		return this.inner.retrieve(key, watched)
			.whenComplete((value, ex) -> (loaded.get() ? this.meters.misses() : this.meters.hits()).increment());
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		Call call = startPut();
		try (Observation.Scope scope = call.scope()) {
			this.inner.put(key, value);
		}
		catch (RuntimeException ex) {
			throw call.failed(ex);
		}
		finally {
			stored(call);
		}
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		Call call = startPut();
		try (Observation.Scope scope = call.scope()) {
			return this.inner.putIfAbsent(key, value);
		}
		catch (RuntimeException ex) {
			throw call.failed(ex);
		}
		finally {
			stored(call);
		}
	}

	@Override
	public void evict(Object key) {
		increment(this.meters.removals());
		this.inner.evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		increment(this.meters.removals());
		return this.inner.evictIfPresent(key);
	}

	@Override
	public void clear() {
		increment(this.meters.clears());
		this.inner.clear();
	}

	@Override
	public boolean invalidate() {
		increment(this.meters.clears());
		return this.inner.invalidate();
	}

	private Call start() {
		passingLevelTwo();
		return new Call(observe("cache.get"));
	}

	private Call startPut() {
		return new Call(observe("cache.put"));
	}

	private @Nullable Observation observe(String name) {
		return (this.position != Position.LEVEL_TWO) ? this.owner.start(name, this.meters.cacheName()) : null;
	}

	private void passingLevelTwo() {
		if (this.position == Position.LEVEL_TWO) {
			levelTwoCalls.get()[0]++;
		}
	}

	private void gotten(Call call) {
		long backendNanos = System.nanoTime() - call.startNanos - call.loaderNanos;
		(call.hit ? this.meters.hits() : this.meters.misses()).increment();
		if (this.position == Position.TIERED_APPLICATION) {
			boolean answeredByLevelOne = levelTwoCalls.get()[0] == call.levelTwoCallsBefore;
			increment((answeredByLevelOne && call.hit) ? this.meters.levelOneHits() : this.meters.levelOneMisses());
			if (answeredByLevelOne) {
				record(this.meters.getLatency(), backendNanos);
			}
		}
		else {
			record(this.meters.getLatency(), backendNanos);
		}
		call.stop(call.hit ? "hit" : "miss");
	}

	private void stored(Call call) {
		increment(this.meters.puts());
		if (this.position != Position.TIERED_APPLICATION) {
			record(this.meters.putLatency(), System.nanoTime() - call.startNanos);
		}
		call.stop((call.failure == null) ? "success" : "failure");
	}

	private static void increment(@Nullable Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

	private static void record(@Nullable Timer timer, long nanos) {
		if (timer != null) {
			timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
		}
	}

	/** One get or put in progress: its start, whether the user's method ran and for how long. */
	private final class Call {

		private final @Nullable Observation observation;

		private final long startNanos = System.nanoTime();

		private final int levelTwoCallsBefore = levelTwoCalls.get()[0];

		private boolean hit;

		private boolean loaded;

		private long loaderNanos;

		private @Nullable RuntimeException failure;

		Call(@Nullable Observation observation) {
			this.observation = observation;
		}

		Observation.@Nullable Scope scope() {
			return (this.observation != null) ? this.observation.openScope() : null;
		}

		<T> Callable<T> watch(Callable<T> loader) {
			return () -> {
				this.loaded = true;
				long start = System.nanoTime();
				boolean succeeded = false;
				try {
					T value = loader.call();
					succeeded = true;
					return value;
				}
				finally {
					long nanos = System.nanoTime() - start;
					this.loaderNanos += nanos;
					record(succeeded ? MeteredCache.this.meters.loadSuccess() : MeteredCache.this.meters.loadFailure(),
							nanos);
				}
			};
		}

		RuntimeException failed(RuntimeException ex) {
			this.failure = ex;
			if (this.observation != null) {
				this.observation.error(ex);
			}
			return ex;
		}

		void stop(String result) {
			if (this.observation != null) {
				this.observation.lowCardinalityKeyValue("result", result).stop();
			}
		}

	}

}

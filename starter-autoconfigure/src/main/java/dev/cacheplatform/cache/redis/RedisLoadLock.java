package dev.cacheplatform.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.cacheplatform.diagnostics.LogRate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * One load of a missing key across all instances sharing a cache Redis: a short lock per key, so one caller
 * (the owner) runs the loader while the others, on any instance, wait for its value, and nobody waits longer
 * than a bound for an owner that died.
 * <p>
 * For the value key {@code K} the lock key is {@code K~lock}, and what is sent is:
 * <ul>
 * <li>by every caller: {@code SET K~lock <token> NX PX <lease>}; the token is unique per call;</li>
 * <li>by the caller that gets the lock: the caller's read of {@code K} once (another owner may have stored the
 * value just before), then, if it is still missing, the loader, the caller's store of {@code K}, and the
 * release, a compare-and-delete of the lock ({@link LoadLockCommands}). While the loader runs, every third of
 * the lease a compare-and-{@code PEXPIRE} renews the lock, so a slow owner that is alive keeps it;</li>
 * <li>by every other caller: per wait step the caller's read of {@code K} and, while it is still missing,
 * another {@code SET NX} as above, which takes the lock over when it disappeared without a value (the owner
 * died or its loader failed). Steps start at 10 ms and double up to 250 ms; {@link #wake} ends the current
 * step at once (the owner wakes the waiters of its own instance; a near cache that hears of {@code K} wakes
 * those of other instances). A waiter with no value after the maximum wait loads and stores by itself.</li>
 * </ul>
 * So a waiter that is woken costs two commands (one {@code SET NX}, one read), and a full wait two per step.
 * Every command names one key, so it works on a cluster; the lock may live in another slot than the value.
 * <p>
 * <b>Key collision.</b> The lock of cache key {@code 42} and the entry of cache key {@code "42~lock"} are the
 * same Redis key. Where both are used, the lock of {@code 42} is taken while the entry exists (its callers wait
 * the maximum wait, then load by themselves), a read of {@code "42~lock"} finds a token (an unreadable entry, a
 * miss) and a store of it ends the lock early (a second load): slower, never a wrong value. A clear of the
 * cache ({@code SCAN MATCH <cache>::*}) deletes the locks too, with the same effect.
 * <p>
 * <b>Faults.</b> When Redis (or the caller's read) fails anywhere in this path, the caller loads by itself
 * without storing (a store would most likely fail too) and a rate-limited warning is logged; a store that
 * throws is logged the same way and the value is still returned. The loader's own exception reaches its caller
 * unchanged, after the lock is released. This class does not collapse concurrent callers within one instance:
 * each one tries the lock.
 */
public final class RedisLoadLock implements AutoCloseable {

	/** Appended to a value's Redis key to name its lock. */
	public static final String LOCK_SUFFIX = "~lock";

	private static final byte[] SUFFIX = LOCK_SUFFIX.getBytes(StandardCharsets.UTF_8);

	private static final long FIRST_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long LONGEST_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private static final Log logger = LogFactory.getLog(RedisLoadLock.class);

	private final LoadLockCommands commands;

	private final long leaseMillis;

	private final long maxWaitNanos;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	private final Renewals renewals;

	private final @Nullable ScheduledThreadPoolExecutor ownExecutor;

	private final String tokenPrefix;

	private final AtomicLong tokens = new AtomicLong();

	private final ConcurrentMap<ByteBuffer, Waiters> waiters = new ConcurrentHashMap<>();

	private final LogRate faultLogRate;

	private volatile @Nullable LongConsumer waitListener;

	/**
	 * A lock on system time, with real waits and one daemon thread for renewals (ended by {@link #close}).
	 * @param connectionFactory the cache role's connections
	 * @param lease how long a lock lives unless renewed
	 * @param maxWait how long a caller waits for another's load before it loads by itself
	 */
	public RedisLoadLock(RedisConnectionFactory connectionFactory, Duration lease, Duration maxWait) {
		this(connectionFactory, lease, maxWait, newExecutor());
	}

	/**
	 * A lock on the given time, waits and renewal schedule, so tests need no real time.
	 * @param connectionFactory the cache role's connections
	 * @param lease how long a lock lives unless renewed, at least 3 ms
	 * @param maxWait how long a caller waits for another's load before it loads by itself
	 * @param nanoTime monotonic nanoseconds
	 * @param sleeper how a waiter waits for one step
	 * @param renewals how the renewal of a running load is repeated
	 */
	public RedisLoadLock(RedisConnectionFactory connectionFactory, Duration lease, Duration maxWait,
			LongSupplier nanoTime, Sleeper sleeper, Renewals renewals) {
		this(connectionFactory, lease, maxWait, nanoTime, sleeper, renewals, null);
	}

	private RedisLoadLock(RedisConnectionFactory connectionFactory, Duration lease, Duration maxWait,
			ScheduledThreadPoolExecutor executor) {
		this(connectionFactory, lease, maxWait, System::nanoTime, Sleeper.REAL, every(executor), executor);
	}

	private RedisLoadLock(RedisConnectionFactory connectionFactory, Duration lease, Duration maxWait,
			LongSupplier nanoTime, Sleeper sleeper, Renewals renewals,
			@Nullable ScheduledThreadPoolExecutor ownExecutor) {
		if (lease.toMillis() < 3) {
			throw new IllegalArgumentException(
					"cache-platform.cache.load-lock.lease must be at least 3ms, such as 10s, but was " + lease);
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException(
					"cache-platform.cache.load-lock.max-wait must be 0 or positive, such as 5s, but was " + maxWait);
		}
		this.commands = new LoadLockCommands(connectionFactory);
		this.leaseMillis = lease.toMillis();
		this.maxWaitNanos = maxWait.toNanos();
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
		this.renewals = renewals;
		this.ownExecutor = ownExecutor;
		byte[] random = new byte[8];
		new SecureRandom().nextBytes(random);
		this.tokenPrefix = HexFormat.of().formatHex(random) + ":";
		this.faultLogRate = new LogRate(Duration.ofMinutes(1), nanoTime);
	}

	/**
	 * Returns the value of a key whose read just missed, loaded once across all instances.
	 * @param <T> the value type; {@code null} from {@code read} means absent
	 * @param key the value's Redis key
	 * @param read reads the value from Redis: {@code null} when absent
	 * @param loader computes the value (the cached method)
	 * @param store stores a loaded value in Redis
	 * @return the value another caller stored, or the loader's
	 * @throws Exception what the loader threw, unchanged
	 */
	public <T extends @Nullable Object> T load(byte[] key, Supplier<? extends @Nullable T> read,
			Callable<? extends T> loader, Consumer<? super T> store) throws Exception {
		byte[] lockKey = lockKey(key);
		byte[] token = (this.tokenPrefix + Long.toHexString(this.tokens.incrementAndGet()))
			.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer id = ByteBuffer.wrap(key.clone());
		Waiters registration = join(id);
		long waitStart = 0;
		try {
			long deadline = this.nanoTime.getAsLong() + this.maxWaitNanos;
			for (int step = 0;; step++) {
				CompletableFuture<Void> wake = registration.wake; // before the attempt, so no wake is missed
				boolean acquired;
				try {
					acquired = this.commands.acquire(lockKey, token, this.leaseMillis);
				}
				catch (RuntimeException ex) {
					fault("taking the lock", ex);
					waited(step, waitStart);
					return loader.call();
				}
				if (acquired) {
					waited(step, waitStart);
					return own(id, lockKey, token, read, loader, store);
				}
				if (step == 0) {
					waitStart = this.nanoTime.getAsLong();
				}
				long remaining = deadline - this.nanoTime.getAsLong();
				if (remaining <= 0 || !pause(Math.min(stepNanos(step), remaining), wake)) {
					waited(step + 1, waitStart);
					return loadAndStore(loader, store);
				}
				T value;
				try {
					value = read.get();
				}
				catch (RuntimeException ex) {
					fault("reading the value", ex);
					waited(step + 1, waitStart);
					return loader.call();
				}
				if (value != null) {
					waited(step + 1, waitStart);
					return value;
				}
			}
		}
		finally {
			leave(id, registration);
		}
	}

	/**
	 * Sets what hears of each caller that waited for another's load (metrics): how long it waited, until it had
	 * the value, took the lock over or gave up; the loader's own time is never included.
	 * @param listener receives the wait in nanoseconds
	 */
	public void onWait(LongConsumer listener) {
		this.waitListener = listener;
	}

	private void waited(int steps, long waitStart) {
		LongConsumer listener = this.waitListener;
		if (steps > 0 && listener != null) {
			listener.accept(this.nanoTime.getAsLong() - waitStart);
		}
	}

	/**
	 * Ends the current wait step of this instance's callers waiting for the key, so they read it at once.
	 * @param key the value's Redis key, as given to {@link #load}
	 */
	public void wake(byte[] key) {
		this.waiters.computeIfPresent(ByteBuffer.wrap(key), (id, registration) -> {
			CompletableFuture<Void> fired = registration.wake;
			registration.wake = new CompletableFuture<>();
			fired.complete(null);
			return registration;
		});
	}

	/**
	 * @param key a value's Redis key
	 * @return the key of its lock: the key followed by {@value #LOCK_SUFFIX}
	 */
	public static byte[] lockKey(byte[] key) {
		byte[] lockKey = Arrays.copyOf(key, key.length + SUFFIX.length);
		System.arraycopy(SUFFIX, 0, lockKey, key.length, SUFFIX.length);
		return lockKey;
	}

	/** Ends the renewal thread this lock started, if any. */
	@Override
	public void close() {
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdownNow();
		}
	}

	private <T extends @Nullable Object> T own(ByteBuffer id, byte[] lockKey, byte[] token,
			Supplier<? extends @Nullable T> read, Callable<? extends T> loader, Consumer<? super T> store)
			throws Exception {
		try {
			T present = null;
			try {
				present = read.get();
			}
			catch (RuntimeException ex) {
				fault("reading the value", ex);
			}
			if (present != null) {
				return present;
			}
			Runnable stopRenewing = renewEveryThirdOfTheLease(lockKey, token);
			T value;
			try {
				value = loader.call();
			}
			finally {
				stopRenewing.run();
			}
			store(store, value);
			return value;
		}
		finally {
			try {
				this.commands.release(lockKey, token);
			}
			catch (RuntimeException ex) {
				fault("releasing the lock", ex); // it expires with its lease
			}
			wake(id.array());
		}
	}

	private <T extends @Nullable Object> T loadAndStore(Callable<? extends T> loader, Consumer<? super T> store)
			throws Exception {
		T value = loader.call();
		store(store, value);
		return value;
	}

	private <T extends @Nullable Object> void store(Consumer<? super T> store, T value) {
		try {
			store.accept(value);
		}
		catch (RuntimeException ex) {
			fault("storing the loaded value", ex);
		}
	}

	private Runnable renewEveryThirdOfTheLease(byte[] lockKey, byte[] token) {
		try {
			return this.renewals.every(Duration.ofMillis(this.leaseMillis / 3), () -> renew(lockKey, token));
		}
		catch (RuntimeException ex) {
			fault("scheduling the lock's renewal", ex); // after close: the lock may expire during a long load
			return () -> {
			};
		}
	}

	private void renew(byte[] lockKey, byte[] token) {
		try {
			this.commands.renew(lockKey, token, this.leaseMillis);
		}
		catch (RuntimeException ex) {
			fault("renewing the lock", ex);
		}
	}

	/** @return false when interrupted: the caller then loads by itself, keeping the interrupt */
	private boolean pause(long nanos, CompletableFuture<Void> wake) {
		try {
			this.sleeper.sleep(Duration.ofNanos(nanos), wake);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static long stepNanos(int step) {
		return Math.min(FIRST_STEP_NANOS << Math.min(step, 16), LONGEST_STEP_NANOS);
	}

	private Waiters join(ByteBuffer id) {
		return this.waiters.compute(id, (key, registration) -> {
			Waiters joined = (registration != null) ? registration : new Waiters();
			joined.count++;
			return joined;
		});
	}

	private void leave(ByteBuffer id, Waiters registration) {
		this.waiters.computeIfPresent(id, (key, current) -> (--current.count == 0) ? null : current);
	}

	private void fault(String action, RuntimeException ex) {
		long lines = this.faultLogRate.occurred();
		if (lines > 0 && logger.isWarnEnabled()) {
			logger.warn("Redis load lock failed " + action + ", so the value is loaded without it: "
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage()
					+ ((lines > 1) ? " (" + lines + " faults since the last line)" : ""));
		}
	}

	private static ScheduledThreadPoolExecutor newExecutor() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "cache-platform-load-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	private static Renewals every(ScheduledThreadPoolExecutor executor) {
		return (period, task) -> {
			ScheduledFuture<?> scheduled = executor.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(),
					TimeUnit.NANOSECONDS);
			return () -> scheduled.cancel(false);
		};
	}

	/** The callers of one key waiting on this instance, and the signal that ends their current step. */
	private static final class Waiters {

		/** Guarded by the map's compute. */
		int count;

		volatile CompletableFuture<Void> wake = new CompletableFuture<>();

	}

	/**
	 * How a waiting caller waits for one step.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/** Waits for the duration on the system clock, or less when woken. */
		Sleeper REAL = (duration, wake) -> {
			try {
				wake.get(duration.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// the step is over
			}
		};

		/**
		 * Waits for the duration, or until {@code wake} completes.
		 * @param duration the length of the step
		 * @param wake completes when the key may have a value
		 * @throws InterruptedException when the thread is interrupted
		 */
		void sleep(Duration duration, CompletableFuture<Void> wake) throws InterruptedException;

	}

	/**
	 * How the renewal of a running load is repeated.
	 */
	@FunctionalInterface
	public interface Renewals {

		/**
		 * Runs the task every period, the first time one period from now.
		 * @param period the time between runs
		 * @param task the renewal
		 * @return what stops the runs
		 */
		Runnable every(Duration period, Runnable task);

	}

}

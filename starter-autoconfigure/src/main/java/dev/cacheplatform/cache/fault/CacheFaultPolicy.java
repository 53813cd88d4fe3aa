package dev.cacheplatform.cache.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.codec.ValueNotStorableException;
import dev.cacheplatform.codec.ValueUnreadableException;
import dev.cacheplatform.diagnostics.Redaction;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueRetrievalException;

/**
 * What one backend (the Redis cache role, the memory store, ...) does about faults: one Resilience4j
 * circuit breaker shared by all caches on that backend, the fault counters, and a rate-limited log.
 * Only backend trouble is recorded as a breaker failure; a value the codec cannot write or read is
 * counted (unreadable entries per reason) and logged at a bounded rate, but is never judged by the
 * breaker, neither as a failure nor as a slow call, and the user's own {@link ValueRetrievalException} is not a
 * fault at all. Time comes from one nanosecond source used by both the breaker and the log, so tests
 * move a fake clock instead of sleeping.
 */
public final class CacheFaultPolicy {

	/** Evictions kept while the backend is unreachable before a cache's are collapsed into one clear. */
	static final int MAX_PENDING_KEYS = 10_000;

	private final CircuitBreaker circuitBreaker;

	private final CacheFaultSettings settings;

	private final CacheFaultCounters counters;

	private final LongSupplier nanoTime;

	private final Clock clock;

	private final FaultLog log;

	private volatile @Nullable LastFault lastFault;

	private final AtomicReference<CircuitBreaker.State> observed = new AtomicReference<>(CircuitBreaker.State.CLOSED);

	private volatile long openedAtNanos;

	private volatile @Nullable Runnable beforeProbe;

	/**
	 * Set once the breaker is seen open, cleared by the first permitted call in HALF_OPEN, which runs
	 * {@link #beforeProbe}: while the backend is healthy the only cost is reading this flag.
	 */
	private final AtomicBoolean probeDue = new AtomicBoolean();

	private final PendingInvalidations pending = new PendingInvalidations(MAX_PENDING_KEYS);

	/**
	 * @param name the breaker's name, for example {@code redis-cache}
	 * @param description how log lines name the backend, for example {@code Redis cache role}
	 * @param settings thresholds, waits and the log interval
	 * @param counters where faults are counted
	 */
	public CacheFaultPolicy(String name, String description, CacheFaultSettings settings, CacheFaultCounters counters) {
		this(name, description, settings, counters, System::nanoTime);
	}

	/**
	 * @param name the breaker's name, for example {@code redis-cache}
	 * @param description how log lines name the backend, for example {@code Redis cache role}
	 * @param settings thresholds, waits and the log interval
	 * @param counters where faults are counted
	 * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}); a fake in tests
	 */
	public CacheFaultPolicy(String name, String description, CacheFaultSettings settings, CacheFaultCounters counters,
			LongSupplier nanoTime) {
		this(name, description, settings, counters, nanoTime, null);
	}

	/**
	 * @param name the breaker's name, for example {@code redis-cache}
	 * @param description how log lines name the backend, for example {@code Redis cache role}
	 * @param settings thresholds, waits and the log interval
	 * @param counters where faults are counted
	 * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}); a fake in tests
	 * @param registry where the breaker is registered (so Resilience4j's Micrometer binding shows its state), or
	 * {@code null} for a breaker of its own
	 */
	public CacheFaultPolicy(String name, String description, CacheFaultSettings settings, CacheFaultCounters counters,
			LongSupplier nanoTime, @Nullable CircuitBreakerRegistry registry) {
		this.settings = settings;
		this.counters = counters;
		this.nanoTime = nanoTime;
		this.log = new FaultLog(description, settings.logInterval(), nanoTime);
		this.clock = new NanoClock(nanoTime);
		CircuitBreakerConfig config = breakerConfig(settings, this.clock, nanoTime);
		this.circuitBreaker = (registry != null) ? registry.circuitBreaker(name, config)
				: CircuitBreaker.of(name, config);
	}

	// Slow calls open the breaker at the same rate as failures; Resilience4j tracks the two shares
	// separately. No event consumer is registered: with one, every call would allocate an event.
	private static CircuitBreakerConfig breakerConfig(CacheFaultSettings settings, Clock clock, LongSupplier nanoTime) {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slowCallRateThreshold(settings.failureRateThreshold())
			.slowCallDurationThreshold(settings.slowCallDuration())
			.slidingWindow(settings.slidingWindowSize(), settings.minimumNumberOfCalls(), SlidingWindowType.COUNT_BASED)
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(CacheFaultSettings.HALF_OPEN_CALLS)
			.clock(clock)
			.currentTimestampFunction((breakerClock) -> nanoTime.getAsLong(), TimeUnit.NANOSECONDS)
			.writableStackTraceEnabled(false)
			.build();
	}

	/**
	 * Sets what runs once each time the breaker, after being open, lets its trial calls through, before the
	 * first of them. The Redis driver drops its connection there: a connection still waiting out its
	 * reconnect backoff would fail the trial calls although the server is back, and the breaker would stay
	 * open for another wait. A failure of the action is left to the trial call to meet.
	 * @param action what to run, for example {@code LettuceConnectionFactory::resetConnection}
	 */
	public void beforeProbe(Runnable action) {
		this.beforeProbe = action;
	}

	/** @return how many evictions of single keys wait for the backend to answer again */
	public int pendingKeys() {
		return this.pending.pendingKeys();
	}

	/** @return how many clears of a whole cache wait for the backend to answer again */
	public int pendingClears() {
		return this.pending.pendingClears();
	}

	/**
	 * Sends the evictions and clears kept from an outage now, without waiting for a call to go through the
	 * breaker: other instances read Redis too, and until the kept evictions arrive they would read (and keep
	 * in their level one) the entries evicted during the outage. A failure keeps them for the next attempt.
	 * @return whether nothing is kept any more
	 */
	public boolean replayPending() {
		if (this.pending.isEmpty()) {
			return true;
		}
		try {
			this.pending.replay();
			return true;
		}
		catch (RuntimeException ex) {
			return false; // still unreachable; the breaker and the log already tell
		}
	}

	PendingInvalidations pending() {
		return this.pending;
	}

	/** @return the breaker's name */
	public String name() {
		return this.circuitBreaker.getName();
	}

	/** @return the breaker's state, for health and metrics: CLOSED when the backend is used normally */
	public CircuitBreaker.State state() {
		return this.circuitBreaker.getState();
	}

	/**
	 * @return the last backend fault the breaker recorded (a bad entry or an unstorable value is not one), or
	 * {@code null} if there was none
	 */
	public @Nullable LastFault lastFault() {
		return this.lastFault;
	}

	/**
	 * Asks the breaker whether the backend may be called; counts a short-circuit when not.
	 * @param cacheName the cache asking
	 * @return whether to call the backend; if so, exactly one of succeeded, failed or released must follow
	 */
	boolean tryAcquire(String cacheName) {
		if (this.circuitBreaker.tryAcquirePermission()) {
			if (this.probeDue.get()) {
				probeIfHalfOpen();
			}
			return true;
		}
		if (!this.probeDue.get()) {
			this.probeDue.set(true);
		}
		this.counters.increment(Kind.SHORT_CIRCUITED, cacheName);
		this.log.flushIfDue();
		return false;
	}

	private void probeIfHalfOpen() {
		Runnable action = this.beforeProbe;
		if (action == null || this.circuitBreaker.getState() != CircuitBreaker.State.HALF_OPEN
				|| !this.probeDue.compareAndSet(true, false)) {
			return;
		}
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			recordLast(Kind.GET_FAILED, name(), ex);
			this.log.fault(Kind.GET_FAILED, name(), ex);
		}
	}

	// A trial call that fails reopens the breaker, possibly with no short-circuited call before the next
	// half-open period to notice it: the failure itself marks the next probe as due.
	private void markProbeDueIfOpen() {
		if (!this.probeDue.get() && this.circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
			this.probeDue.set(true);
		}
	}

	long nanoTime() {
		return this.nanoTime.getAsLong();
	}

	long since(long startNanos) {
		return this.nanoTime.getAsLong() - startNanos;
	}

	void succeeded(long durationNanos) {
		this.circuitBreaker.onSuccess(Math.max(0, durationNanos), TimeUnit.NANOSECONDS);
		observeState();
		this.log.flushIfDue();
	}

	/**
	 * Hands back a permission without judging the backend, for calls that ended in something that is
	 * not backend trouble (without it a half-open breaker would wait forever for its trial calls).
	 */
	void released() {
		this.circuitBreaker.releasePermission();
	}

	/**
	 * Records a call that threw. Backend trouble is counted as {@code kind}, logged and recorded as a
	 * breaker failure; a codec refusal is counted as NOT_STORABLE or UNREADABLE only. What is not a
	 * cache fault (the user's {@link ValueRetrievalException}, an {@link Error}) is rethrown unchanged.
	 * @param kind what failed, if it was backend trouble
	 * @param cacheName the cache
	 * @param durationNanos how long the backend took
	 * @param ex what the call threw
	 */
	void failed(Kind kind, String cacheName, long durationNanos, Throwable ex) {
		if (ex instanceof Error error) {
			released();
			throw error;
		}
		if (ex instanceof ValueRetrievalException userFailure) {
			released();
			throw userFailure;
		}
		if (ex instanceof ValueNotStorableException notStorable) {
			released();
			this.counters.increment(Kind.NOT_STORABLE, cacheName);
			this.log.notStorable(cacheName, notStorable);
			return;
		}
		if (ex instanceof ValueUnreadableException unreadable) {
			released();
			badEntry(cacheName, unreadable);
			return;
		}
		this.counters.increment(kind, cacheName);
		recordLast(kind, cacheName, ex);
		this.log.fault(kind, cacheName, ex);
		this.circuitBreaker.onError(Math.max(0, durationNanos), TimeUnit.NANOSECONDS, ex);
		markProbeDueIfOpen();
		observeState();
	}

	/**
	 * Counts and logs (rate-limited per cache and reason) an entry that could not be used. Never a breaker
	 * event: the backend answered; the entry was bad.
	 * @param cacheName the cache
	 * @param ex what was wrong with the entry
	 */
	public void badEntry(String cacheName, ValueUnreadableException ex) {
		this.counters.unreadable(ex.getReason(), cacheName);
		this.log.badEntry(cacheName, ex.getReason(), String.valueOf(ex.getMessage()));
	}

	private void recordLast(Kind kind, String cacheName, Throwable ex) {
		this.lastFault = new LastFault(kind.name().toLowerCase(Locale.ROOT), this.clock.instant(), cacheName,
				Redaction.urlsIn(FaultLog.describe(ex)));
	}

	/**
	 * A backend fault as health shows it.
	 * @param kind what failed, as {@code cache.faults} tags it ({@code get_failed}, {@code put_failed}, ...)
	 * @param time when, on the breaker's clock
	 * @param cacheName the cache, as the fault counters name it ({@code <tenant>:<cache>} for a tenant's)
	 * @param message the exception and its root cause, with any URL password masked
	 */
	public record LastFault(String kind, Instant time, String cacheName, String message) {
	}

	// Polls for transitions instead of subscribing to events (see breakerConfig); one volatile read per call.
	private void observeState() {
		CircuitBreaker.State now = this.circuitBreaker.getState();
		CircuitBreaker.State before = this.observed.get();
		if (now == before || !this.observed.compareAndSet(before, now)) {
			return;
		}
		// From CLOSED it can only have opened (HALF_OPEN means this thread missed the OPEN in between).
		if (before == CircuitBreaker.State.CLOSED) {
			this.openedAtNanos = this.nanoTime.getAsLong();
			CircuitBreaker.Metrics metrics = this.circuitBreaker.getMetrics();
			this.log.opened(metrics.getNumberOfFailedCalls(), metrics.getNumberOfSlowSuccessfulCalls(),
					metrics.getNumberOfBufferedCalls(), this.settings.waitInOpenState(),
					this.settings.slowCallDuration());
		}
		else if (now == CircuitBreaker.State.CLOSED) {
			this.log.closed(this.nanoTime.getAsLong() - this.openedAtNanos);
		}
		else if (now == CircuitBreaker.State.OPEN) {
			this.log.stillOpen(this.settings.waitInOpenState());
		}
	}

	/** The breaker's view of time: the same nanosecond source as everything else. */
	private static final class NanoClock extends Clock {

		private final LongSupplier nanoTime;

		private final long originNanos;

		private final Instant origin = Instant.now();

		NanoClock(LongSupplier nanoTime) {
			this.nanoTime = nanoTime;
			this.originNanos = nanoTime.getAsLong();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.origin.plusNanos(this.nanoTime.getAsLong() - this.originNanos);
		}

	}

}

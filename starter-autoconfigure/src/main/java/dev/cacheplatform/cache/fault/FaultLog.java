package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.codec.ValueNotStorableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The log of one backend's faults, rate-limited so an outage writes a few lines, not one per request:
 * the first failure at WARN with its message (the stack trace only at DEBUG), then at most one WARN per
 * interval summarising what happened since, plus one line each when the circuit breaker opens and
 * closes.
 * <p>
 * Bad entries (unreadable or wrong-typed, see {@link UnreadableReason}) are about the data, not the
 * backend, and an attacker who can write to Redis may plant many: they are limited separately, at most
 * one WARN per cache and reason per interval, the next one saying how many were suppressed meanwhile.
 */
final class FaultLog {

	/** Cache and reason pairs tracked one by one; beyond this (many tenants) caches share one limit per reason. */
	static final int MAX_BAD_ENTRY_WINDOWS = 1_000;

	private static final String OTHER_CACHES = "(other caches)";

	private static final Log logger = LogFactory.getLog(CacheFaultPolicy.class);

	private static final Kind[] KINDS = Kind.values();

	private final String backend;

	private final LongSupplier nanoTime;

	private final long intervalNanos;

	private final String interval;

	private final Set<Class<?>> unstorableTypes = ConcurrentHashMap.newKeySet();

	private final long[] suppressed = new long[KINDS.length];

	private long suppressedTotal;

	private @Nullable String latest;

	private boolean warned;

	private long lastWarnNanos;

	/** Read without the lock on every call, so a healthy backend pays one volatile read here. */
	private volatile boolean pending;

	private final ConcurrentMap<BadEntryKey, BadEntryWindow> badEntries = new ConcurrentHashMap<>();

	/** Whether some bad entry window holds suppressed lines, so {@link #flushIfDue} has something to write. */
	private volatile boolean badEntriesPending;

	FaultLog(String backend, Duration interval, LongSupplier nanoTime) {
		this.backend = backend;
		this.nanoTime = nanoTime;
		this.intervalNanos = interval.toNanos();
		this.interval = format(interval);
	}

	/**
	 * Logs a failed call now if nothing was logged for this backend in the last interval, else counts
	 * it for the next summary.
	 */
	void fault(Kind kind, String cacheName, Throwable ex) {
		long now = this.nanoTime.getAsLong();
		String line;
		synchronized (this) {
			if (this.warned && now - this.lastWarnNanos < this.intervalNanos) {
				this.suppressed[kind.ordinal()]++;
				this.suppressedTotal++;
				this.latest = describe(ex);
				this.pending = true;
				return;
			}
			if (this.suppressedTotal == 0) {
				line = String.format(Locale.ROOT,
						"%s: %s in cache '%s' failed, %s: %s (further failures are summarised every %s; "
								+ "stack trace at DEBUG)",
						this.backend, operation(kind), cacheName, consequence(kind), describe(ex), this.interval);
			}
			else {
				this.suppressed[kind.ordinal()]++;
				this.suppressedTotal++;
				this.latest = describe(ex);
				line = summary(now);
			}
			this.warned = true;
			this.lastWarnNanos = now;
		}
		logger.warn(line);
		if (logger.isDebugEnabled()) {
			logger.debug(this.backend + ": stack trace of the " + kind + " in cache '" + cacheName + "'", ex);
		}
	}

	/**
	 * Writes the summary of suppressed failures once the interval is over, so it appears even when the
	 * failures have stopped. Called on every cache call; cheap while nothing is pending.
	 */
	void flushIfDue() {
		if (this.badEntriesPending) {
			flushBadEntries();
		}
		if (!this.pending) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		String line;
		synchronized (this) {
			if (!this.pending || now - this.lastWarnNanos < this.intervalNanos) {
				return;
			}
			line = summary(now);
			this.lastWarnNanos = now;
		}
		logger.warn(line);
	}

	/**
	 * A value the codec cannot write is the application's matter, not the backend's: one line per type.
	 * Refusals by the allow-list are not logged here: the codec logs those once per refused class, for
	 * writes and reads alike.
	 */
	void notStorable(String cacheName, ValueNotStorableException ex) {
		Class<?> type = ex.getValueType();
		if (ex.getRefusedType() == null && this.unstorableTypes.add(type)) {
			logger.warn(String.format(Locale.ROOT,
					"%s: a %s cannot be stored in cache '%s', so such values are returned uncached: %s "
							+ "(logged once per type)",
					this.backend, type.getName(), cacheName, ex.getMessage()));
			if (logger.isDebugEnabled()) {
				logger.debug(this.backend + ": stack trace of the unstorable " + type.getName(), ex);
			}
		}
	}

	/**
	 * Logs a bad entry now if none of this reason was logged for the cache in the last interval, else
	 * counts it for the next line.
	 * @param cacheName the cache
	 * @param reason why the entry could not be used
	 * @param message what was wrong, never the stored bytes
	 */
	void badEntry(String cacheName, UnreadableReason reason, String message) {
		BadEntryKey key = new BadEntryKey(cacheName, reason);
		BadEntryWindow window = this.badEntries.get(key);
		if (window == null) {
			if (this.badEntries.size() >= MAX_BAD_ENTRY_WINDOWS) {
				key = new BadEntryKey(OTHER_CACHES, reason);
			}
			window = this.badEntries.computeIfAbsent(key, (k) -> new BadEntryWindow());
		}
		long now = this.nanoTime.getAsLong();
		long suppressed;
		synchronized (window) {
			if (window.logged && now - window.lastLogNanos < this.intervalNanos) {
				window.suppressed++;
				window.latest = message;
				this.badEntriesPending = true;
				return;
			}
			suppressed = window.suppressed;
			window.suppressed = 0;
			window.latest = null;
			window.logged = true;
			window.lastLogNanos = now;
		}
		logger.warn(badEntryLine(key, message, suppressed));
	}

	private void flushBadEntries() {
		this.badEntriesPending = false;
		long now = this.nanoTime.getAsLong();
		for (var entry : this.badEntries.entrySet()) {
			BadEntryWindow window = entry.getValue();
			String line = null;
			synchronized (window) {
				if (window.suppressed > 0 && now - window.lastLogNanos >= this.intervalNanos) {
					line = badEntryLine(entry.getKey(), String.valueOf(window.latest), window.suppressed);
					window.suppressed = 0;
					window.latest = null;
					window.lastLogNanos = now;
				}
				else if (window.suppressed > 0) {
					this.badEntriesPending = true;
				}
			}
			if (line != null) {
				logger.warn(line);
			}
		}
	}

	private String badEntryLine(BadEntryKey key, String message, long suppressed) {
		String more = (suppressed == 0) ? ""
				: String.format(Locale.ROOT, " (%,d more %s in cache '%s' since the last line)", suppressed, key.reason(),
						key.cacheName());
		return String.format(Locale.ROOT,
				"%s: %s entry in cache '%s', answered as a miss and deleted: %s%s (logged at most once per %s per "
						+ "cache and reason)",
				this.backend, key.reason(), key.cacheName(), message, more, this.interval);
	}

	void opened(int failed, int slow, int calls, Duration wait, Duration slowCallDuration) {
		String failures = String.format(Locale.ROOT, "%,d failures", failed);
		String slowCalls = String.format(Locale.ROOT, "%,d slow calls (over %s)", slow, format(slowCallDuration));
		String cause = (slow == 0) ? failures : (failed == 0) ? slowCalls : failures + " and " + slowCalls;
		logger.warn(String.format(Locale.ROOT,
				"%s: circuit breaker OPEN: caching bypassed for %s after %s in the last %,d calls; "
						+ "calls run the method directly",
				this.backend, format(wait), cause, calls));
	}

	void stillOpen(Duration wait) {
		if (logger.isDebugEnabled()) {
			logger.debug(this.backend + ": circuit breaker trial calls failed; caching bypassed for another "
					+ format(wait));
		}
	}

	void closed(long openNanos) {
		logger.info(this.backend + ": circuit breaker CLOSED: caching resumed after being bypassed for "
				+ elapsed(openNanos));
	}

	private String summary(long now) {
		StringBuilder kinds = new StringBuilder();
		for (Kind kind : KINDS) {
			long count = this.suppressed[kind.ordinal()];
			if (count > 0) {
				kinds.append((kinds.length() > 0) ? ", " : "").append(kind).append('=');
				kinds.append(String.format(Locale.ROOT, "%,d", count));
			}
		}
		String line = String.format(Locale.ROOT, "%s: %,d more %s in the last %s (%s); latest: %s", this.backend,
				this.suppressedTotal, (this.suppressedTotal == 1) ? "failure" : "failures",
				elapsed(now - this.lastWarnNanos), kinds, this.latest);
		Arrays.fill(this.suppressed, 0);
		this.suppressedTotal = 0;
		this.latest = null;
		this.pending = false;
		return line;
	}

	private static String operation(Kind kind) {
		return switch (kind) {
			case GET_FAILED -> "get";
			case PUT_FAILED -> "put";
			case EVICT_FAILED -> "evict";
			case CLEAR_FAILED -> "clear";
			case UNREADABLE -> "reading a stored value";
			default -> kind.name();
		};
	}

	private static String consequence(Kind kind) {
		return switch (kind) {
			case GET_FAILED, UNREADABLE -> "answered as a miss";
			case PUT_FAILED -> "value not stored";
			case EVICT_FAILED -> "the entry may stay until it expires";
			case CLEAR_FAILED -> "entries may stay until they expire";
			default -> "ignored";
		};
	}

	/** The exception and its root cause, which usually names the real problem (refused, timed out). */
	static String describe(Throwable ex) {
		Throwable root = ex;
		for (int depth = 0; depth < 20 && root.getCause() != null && root.getCause() != root; depth++) {
			root = root.getCause();
		}
		String text = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (root == ex) ? text : text + "; caused by " + root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/** Time passed, in whole seconds from one second on. */
	static String elapsed(long nanos) {
		Duration duration = Duration.ofNanos(nanos);
		return (duration.getSeconds() > 0) ? duration.getSeconds() + "s" : duration.toMillis() + "ms";
	}

	private record BadEntryKey(String cacheName, UnreadableReason reason) {
	}

	/** The log state of one cache and reason; guarded by itself. */
	private static final class BadEntryWindow {

		boolean logged;

		long lastLogNanos;

		long suppressed;

		@Nullable String latest;

	}

	/** A setting: whole seconds as {@code 60s}, anything else as {@code 250ms}. */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}

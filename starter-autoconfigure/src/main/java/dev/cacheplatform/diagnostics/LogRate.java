package dev.cacheplatform.diagnostics;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The rate of a repeated log line: the first occurrence is logged at once, later ones at most once per
 * interval, and each line reports how many occurrences it stands for. A fault that repeats on every
 * request so writes a line a minute with a count, not a line per request.
 */
public final class LogRate {

	private final LongSupplier nanoTime;

	private final long intervalNanos;

	private boolean logged;

	private long lastLineNanos;

	private long held;

	/**
	 * @param interval the least time between two lines
	 * @param nanoTime monotonic nanoseconds; a fake in tests
	 */
	public LogRate(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Records one occurrence.
	 * @return how many occurrences a line logged now reports (this one and those held back since the last
	 * line), or 0 when this one is held back
	 */
	public long occurred() {
		long now = this.nanoTime.getAsLong();
		synchronized (this) {
			this.held++;
			if (this.logged && now - this.lastLineNanos < this.intervalNanos) {
				return 0;
			}
			long count = this.held;
			this.held = 0;
			this.logged = true;
			this.lastLineNanos = now;
			return count;
		}
	}

	/** @return whether a line was logged before, so the next one can say "since the last line" */
	public synchronized boolean hasLogged() {
		return this.logged;
	}

	/** @return the interval, for the text of a line */
	public Duration interval() {
		return Duration.ofNanos(this.intervalNanos);
	}

}

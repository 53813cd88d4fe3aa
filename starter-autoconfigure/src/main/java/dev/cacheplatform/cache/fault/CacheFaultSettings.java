package dev.cacheplatform.cache.fault;

import java.time.Duration;

/**
 * How one backend's circuit breaker and fault log behave. The breaker looks at the last
 * {@code slidingWindowSize} calls; once at least {@code minimumNumberOfCalls} were made and the share
 * of failed calls, or the share of calls slower than {@code slowCallDuration}, reaches
 * {@code failureRateThreshold} percent, it opens: the backend is not called for
 * {@code waitInOpenState}, then {@link #HALF_OPEN_CALLS} trial calls decide whether it closes again.
 *
 * @param failureRateThreshold percentage (0, 100] of failed (or of slow) calls that opens the breaker
 * @param slidingWindowSize how many of the latest calls are judged
 * @param minimumNumberOfCalls how many calls must be seen before the rate is judged at all
 * @param waitInOpenState how long the backend is bypassed once the breaker opened
 * @param slowCallDuration a call taking longer than this counts as slow
 * @param logInterval at most one failure line per backend is logged per interval; the rest are summarised
 */
public record CacheFaultSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
		Duration waitInOpenState, Duration slowCallDuration, Duration logInterval) {

	/** Trial calls let through while half-open; they decide between closing and opening again. */
	public static final int HALF_OPEN_CALLS = 5;

	/**
	 * Checks the settings, so a typo fails at startup rather than producing a breaker that never opens.
	 */
	public CacheFaultSettings {
		if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
			throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
		}
		if (slidingWindowSize < 1 || minimumNumberOfCalls < 1) {
			throw new IllegalArgumentException("slidingWindowSize and minimumNumberOfCalls must be at least 1, were "
					+ slidingWindowSize + " and " + minimumNumberOfCalls);
		}
		requirePositive(waitInOpenState, "waitInOpenState");
		requirePositive(slowCallDuration, "slowCallDuration");
		requirePositive(logInterval, "logInterval");
	}

	/**
	 * @return 50 % of the last 20 calls (judged from 10 calls on) failed or slower than 200 ms opens the
	 * breaker for 5 s; failures are logged at most once per 60 s
	 */
	public static CacheFaultSettings defaults() {
		return new CacheFaultSettings(50, 20, 10, Duration.ofSeconds(5), Duration.ofMillis(200),
				Duration.ofSeconds(60));
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
	}

}

package dev.cacheplatform.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.cacheplatform.diagnostics.LogRate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs requests that failed because the session store was unavailable at a bounded rate: per kind of
 * failure (the Redis exception's type), the first one at once as one WARN line, then at most one line per
 * interval that counts the requests since the last line. The stack trace goes to DEBUG. A session server
 * that is down under load so writes a few lines a minute, not one stack trace per request.
 */
final class SessionFailureLog {

	private static final Log logger = LogFactory.getLog(SessionFailureLog.class);

	private final LongSupplier nanoTime;

	private final Duration interval;

	private final Map<String, LogRate> kinds = new ConcurrentHashMap<>();

	/**
	 * @param nanoTime the time source (a fake one in tests)
	 * @param interval the least time between two lines of one kind
	 */
	SessionFailureLog(LongSupplier nanoTime, Duration interval) {
		this.nanoTime = nanoTime;
		this.interval = interval;
	}

	/**
	 * Records a request that answered 503.
	 * @param failure why: the session store exception, its message names the operation
	 */
	void failed(Throwable failure) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		String kind = cause.getClass().getSimpleName();
		LogRate rate = this.kinds.computeIfAbsent(kind, (name) -> new LogRate(this.interval, this.nanoTime));
		boolean earlier = rate.hasLogged();
		long count = rate.occurred();
		if (count > 0) {
			logger.warn(failure.getMessage() + ": " + count + ((count == 1) ? " request" : " requests")
					+ " answered 503 Service Unavailable" + (earlier ? " since the last such line" : "")
					+ "; further ones are counted and logged at most once a minute (stack traces at DEBUG)");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Session store failure", failure);
		}
	}

}

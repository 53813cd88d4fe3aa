package dev.cacheplatform.tenant;

import java.time.Duration;
import java.util.function.LongSupplier;

import dev.cacheplatform.diagnostics.LogRate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs tenant ids the resolver produced that are not of the accepted form, at a bounded rate: the first
 * at WARN at once, then at most one line per interval, counting the ones not logged in between. A client
 * sending bad ids in a loop writes one line a minute, not one per request.
 */
final class RejectedTenantLog {

	private static final Log logger = LogFactory.getLog(Tenancy.class);

	private final String source;

	private final LogRate rate;

	/**
	 * @param source where the ids come from, for example {@code header X-Tenant-ID}
	 * @param interval at most one line per interval
	 * @param nanoTime monotonic nanoseconds; a fake in tests
	 */
	RejectedTenantLog(String source, Duration interval, LongSupplier nanoTime) {
		this.source = source;
		this.rate = new LogRate(interval, nanoTime);
	}

	void rejected(InvalidTenantIdException ex) {
		long count = this.rate.occurred();
		if (count == 0) {
			return;
		}
		long skipped = count - 1;
		logger.warn("Rejected a tenant id from " + this.source + " (answered 400 Bad Request): " + ex.getMessage()
				+ ((skipped > 0) ? "; " + skipped + " more rejected since the last line" : "")
				+ " (at most one line per " + this.rate.interval().toSeconds() + "s)");
	}

}

package dev.cacheplatform.session.memory;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.diagnostics.LogRate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

/**
 * The sessions of the memory store, for Spring Session's {@link MapSessionRepository}: a Caffeine map in
 * which each session expires its own idle timeout after it was last saved, and which holds at most a given
 * number of sessions. Expired sessions are purged even if never read again (Caffeine's scheduler); when
 * the bound is reached, the least used sessions (Caffeine's size policy) are dropped and a WARN says so, at most once per
 * minute with the count since the last line.
 */
public final class BoundedSessionMap {

	private static final Log logger = LogFactory.getLog(BoundedSessionMap.class);

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final Cache<String, Session> sessions;

	private final int maxSessions;

	private final LogRate drops;

	/**
	 * @param maxSessions the most sessions held at once
	 * @param ticker the time source of expiry (a fake one in tests)
	 * @param scheduler purges expired sessions when due ({@link Scheduler#systemScheduler()}, or
	 * {@link Scheduler#disabledScheduler()} where the caller purges)
	 */
	public BoundedSessionMap(int maxSessions, Ticker ticker, Scheduler scheduler) {
		this.maxSessions = maxSessions;
		this.drops = new LogRate(LOG_INTERVAL, ticker::read);
		this.sessions = Caffeine.newBuilder()
			.maximumSize(maxSessions)
			.ticker(ticker)
			.scheduler(scheduler)
			.expireAfter(Expiry.writing((String id, Session session) -> lifetime(session)))
			.evictionListener((String id, Session session, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					dropped();
				}
			})
			.build();
	}

	/** @return the live view that {@link MapSessionRepository} reads and writes */
	public Map<String, Session> asMap() {
		return this.sessions.asMap();
	}

	/** Purges what is due now (tests with a fake ticker call this; in service the scheduler does). */
	public void cleanUp() {
		this.sessions.cleanUp();
	}

	private static Duration lifetime(Session session) {
		Duration timeout = session.getMaxInactiveInterval();
		// Zero or negative: the session never expires; it then only leaves by the size bound
		return (timeout.isNegative() || timeout.isZero()) ? Duration.ofNanos(Long.MAX_VALUE) : timeout;
	}

	private void dropped() {
		long count = this.drops.occurred();
		if (count > 0) {
			logger.warn("The memory session store holds its maximum of " + this.maxSessions + " sessions; dropped "
					+ count + " little-used session(s) since the last such line (users of those sessions "
					+ "sign in again). Raise cache-platform.session.max-sessions, or use SESSION_STORE=redis");
		}
	}

}

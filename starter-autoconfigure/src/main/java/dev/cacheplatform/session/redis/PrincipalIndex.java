package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;

/**
 * The sets {@code <namespace>:index:<principal name>} listing the ids of each principal's sessions.
 * <p>
 * A set lists at least the principal's stored sessions: ids are added before a session is written and
 * removed after. Extra ids (a session expired, deleted or moved to another principal) are harmless, as
 * readers check each session, and are removed as readers find them.
 * <p>
 * A set's TTL must outlive its sessions without a write per request. A session in use re-adds itself once
 * per hour of its last access time ({@link #refreshDue}), setting the TTL to at least its idle timeout
 * plus that hour, never shortening a TTL another session needs.
 */
final class PrincipalIndex {

	private static final Log logger = LogFactory.getLog(PrincipalIndex.class);

	private static final Duration REFRESH = Duration.ofHours(1);

	private final PrincipalNameIndexResolver<Session> resolver = new PrincipalNameIndexResolver<>();

	private final String prefix;

	/**
	 * @param namespace the repository's key namespace, without a trailing colon
	 */
	PrincipalIndex(String namespace) {
		this.prefix = namespace + ":index:";
	}

	byte[] key(String principal) {
		return (this.prefix + principal).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Resolves the principal like Spring Session: the principal name attribute, else the name of the
	 * {@code SPRING_SECURITY_CONTEXT}'s authentication.
	 * @param session the session, read without marking attributes as read
	 * @return the principal name, or {@code null}
	 */
	@Nullable String principalOf(Session session) {
		try {
			return this.resolver.resolveIndexValueFor(session);
		}
		catch (RuntimeException ex) {
			// A security context without a readable authentication name: such a session is simply not indexed
			logger.debug("Cannot resolve the principal name of a session (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
	}

	/** @return whether a session last stored at {@code stored} must re-add itself when stored at {@code now} */
	static boolean refreshDue(Instant stored, Instant now) {
		long hour = REFRESH.toMillis();
		return stored.toEpochMilli() / hour != now.toEpochMilli() / hour;
	}

	/**
	 * Adds a session: PTTL, SADD, then PEXPIRE when the TTL is too short (PERSIST for a session that never
	 * expires).
	 * @param maxInactive the session's idle timeout; zero or negative for none
	 * @param margin added to the TTL so that back-to-back saves need no PEXPIRE
	 */
	void add(RedisConnection connection, String principal, byte[] id, Duration maxInactive, Duration margin) {
		byte[] key = key(principal);
		Long remaining = connection.keyCommands().pTtl(key);
		connection.setCommands().sAdd(key, id);
		if (maxInactive.isNegative() || maxInactive.isZero()) {
			connection.keyCommands().persist(key);
			return;
		}
		// The session writes at most an hour more before its next refresh, then lives its idle timeout. A TTL
		// of -1 means a session that never expires is listed: keep it.
		Duration needed = maxInactive.plus(REFRESH);
		if (remaining == null || remaining == -2 || (remaining >= 0 && remaining < needed.toMillis())) {
			connection.keyCommands().pExpire(key, needed.plus(margin).toMillis());
		}
	}

	void remove(RedisConnection connection, String principal, byte[]... ids) {
		connection.setCommands().sRem(key(principal), ids);
	}

}

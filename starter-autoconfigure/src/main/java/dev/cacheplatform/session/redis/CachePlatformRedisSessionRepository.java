package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SetCondition;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.util.Assert;

/**
 * A Spring Session repository that reads an unchanged session with one Redis command, and can find a
 * user's sessions ({@link #findByPrincipalName}), for Spring Security's concurrent session control and
 * Spring Boot's {@code sessions} actuator endpoint.
 *
 * <h2>Storage</h2>
 * Each session is one Redis string, {@code <namespace>:sessions:<id>}, holding the whole session (id,
 * creation time, last access time, idle timeout, attributes) as the {@link SessionCodec} encodes it, with
 * a TTL equal to the idle timeout counted from the stored last access time (none when the timeout is zero
 * or negative, which means the session never expires). The sessions of a principal are listed in the set
 * {@code <namespace>:index:<principal name>}, the principal being resolved like Spring Session does
 * ({@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} attribute, else the name of the
 * {@code SPRING_SECURITY_CONTEXT}'s authentication).
 *
 * <h2>Redis commands per operation</h2>
 * With S the key {@code <ns>:sessions:<id>} and I the key {@code <ns>:index:<principal name>}:
 * <pre>
 * findById, session present        GET S
 * findById, idle timeout passed    GET S; UNLINK S
 * findById, absent or unreadable   GET S (an unreadable session stays: another deployment may read it)
 * createSession                    none (FlushMode.IMMEDIATE: as "save, new session")
 * save, nothing to write           none
 * save, new session                SET S &lt;bytes&gt; PX &lt;ms&gt;
 * save, change or touch due        SET S &lt;bytes&gt; PX &lt;ms&gt; XX
 * save, id changed                 UNLINK S(old id); SET S(new id) &lt;bytes&gt; PX &lt;ms&gt;
 *                                  (no SET if the UNLINK found nothing: the session was deleted meanwhile)
 *   with a principal, before the SET, if the session is new, its principal or id changed, or its last
 *   access time entered a new hour:
 *                                  PTTL I; SADD I &lt;id&gt;; PEXPIRE I &lt;idle timeout + 1 h + touch interval&gt;
 *                                  only if the TTL of I is below idle timeout + 1 h
 *                                  (PERSIST I instead, for a session that never expires)
 *   after the SET, if the principal or id of a stored session changed:
 *                                  SREM I(old principal) &lt;old id&gt;
 * deleteById                       GET S; if present: UNLINK S, and with a principal SREM I &lt;id&gt;
 * findByIndexNameAndIndexValue     SMEMBERS I; GET S per id; UNLINK S per expired session; one SREM I
 *                                  of the ids whose session is gone, expired or of another principal
 * </pre>
 * {@code PX} is left out for a session that never expires. The repository never sends {@code KEYS},
 * {@code SCAN}, {@code CONFIG}, {@code FLUSHDB}/{@code FLUSHALL}, {@code RENAME} (the old and new keys of a
 * session may live in different cluster slots), nor needs keyspace notifications; no command it sends is
 * newer than Redis 4.0 ({@code UNLINK}). It publishes no session events.
 *
 * <h2>When a save writes</h2>
 * A save writes when the session is new, an attribute was set or removed (or read, with
 * {@link SaveMode#ON_GET_ATTRIBUTE}; always, with {@link SaveMode#ALWAYS}), the idle timeout or id
 * changed, or the last access time moved at least the {@linkplain #setTouchInterval touch interval} past
 * the stored one. Otherwise it sends nothing: a request that only reads its session costs one {@code GET}.
 * Because the last access time is only stored once per touch interval, a session may expire up to one
 * touch interval earlier than its idle timeout says.
 * <p>
 * A write replaces the whole session, so of two requests of one session running at the same time, the
 * later write wins (as with Spring Session's map repository). A write of a session that is no longer in
 * Redis ({@code XX}: deleted by a logout in another tab, or expired) is dropped, so a save never brings an
 * invalidated session back.
 * <p>
 * Redis failures are thrown as {@link SessionStoreUnavailableException}.
 */
public class CachePlatformRedisSessionRepository
		implements FindByIndexNameSessionRepository<CachePlatformRedisSessionRepository.RedisSession> {

	private static final Log logger = LogFactory.getLog(CachePlatformRedisSessionRepository.class);

	private static final int MAX_LOGGED_REASONS = 64;

	private final RedisConnectionFactory connectionFactory;

	private final String namespace;

	private final SessionCodec codec;

	private final Clock clock;

	private final PrincipalIndex index;

	private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

	private Duration defaultMaxInactiveInterval = MapSession.DEFAULT_MAX_INACTIVE_INTERVAL;

	private Duration touchInterval = Duration.ofSeconds(60);

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private SessionIdGenerator sessionIdGenerator = UuidSessionIdGenerator.getInstance();

	/**
	 * @param connectionFactory the session role's connection factory
	 * @param namespace the key prefix, such as {@code shop:session}
	 * @param codec turns sessions into bytes and back
	 * @param clock the time source of creation, access and expiry times
	 */
	public CachePlatformRedisSessionRepository(RedisConnectionFactory connectionFactory, String namespace,
			SessionCodec codec, Clock clock) {
		Assert.hasText(namespace, "namespace must not be empty");
		this.connectionFactory = connectionFactory;
		this.namespace = stripTrailingColons(namespace.strip());
		this.index = new PrincipalIndex(this.namespace);
		this.codec = codec;
		this.clock = clock;
	}

	/**
	 * Sets the idle timeout of new sessions; zero or negative means they never expire. Default 30 minutes.
	 * @param interval the idle timeout
	 */
	public void setDefaultMaxInactiveInterval(Duration interval) {
		this.defaultMaxInactiveInterval = interval;
	}

	/**
	 * Sets how far the last access time must move past the stored one before a save writes it. The Redis
	 * key's TTL is the idle timeout counted from the last write, so a session read without being written
	 * may expire up to this interval earlier than its idle timeout after its real last access. Larger
	 * means fewer writes. A session whose idle timeout is shorter than twice this interval is touched every
	 * half idle timeout instead, so it stays alive while in use. Default 60 seconds.
	 * @param touchInterval the interval; zero writes on every save
	 */
	public void setTouchInterval(Duration touchInterval) {
		Assert.isTrue(!touchInterval.isNegative(), "touchInterval must not be negative");
		this.touchInterval = touchInterval;
	}

	/**
	 * Sets when changes are written: on save ({@link FlushMode#ON_SAVE}, the default) or at every change
	 * ({@link FlushMode#IMMEDIATE}; a new session is then written when created).
	 * @param flushMode the flush mode
	 */
	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = flushMode;
	}

	/**
	 * Sets what makes a session changed: set or removed attributes ({@link SaveMode#ON_SET_ATTRIBUTE}, the
	 * default), also attributes read ({@link SaveMode#ON_GET_ATTRIBUTE}, for mutable attribute objects), or
	 * anything ({@link SaveMode#ALWAYS}: every save writes, one more command per request).
	 * @param saveMode the save mode
	 */
	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	/**
	 * Sets the generator of new session ids (also on id change). Default random UUIDs.
	 * @param sessionIdGenerator the generator
	 */
	public void setSessionIdGenerator(SessionIdGenerator sessionIdGenerator) {
		this.sessionIdGenerator = sessionIdGenerator;
	}

	@Override
	public RedisSession createSession() {
		Instant now = this.clock.instant();
		MapSession cached = new MapSession(this.sessionIdGenerator.generate());
		cached.setCreationTime(now);
		cached.setLastAccessedTime(now);
		cached.setMaxInactiveInterval(this.defaultMaxInactiveInterval);
		RedisSession session = new RedisSession(cached, null);
		session.flushIfImmediate();
		return session;
	}

	/**
	 * Writes the session if it changed or its expiry must move; sends nothing otherwise.
	 * @throws SessionStoreUnavailableException if Redis fails
	 * @throws dev.cacheplatform.cache.codec.ValueNotStorableException if an attribute cannot be stored
	 */
	@Override
	public void save(RedisSession session) {
		session.save();
	}

	/**
	 * Reads a session with one {@code GET}. Its last access time is set to now in memory; the stored one is
	 * kept to decide whether a save must write.
	 * @return the session, or {@code null} when it is absent, has expired or cannot be read
	 * @throws SessionStoreUnavailableException if Redis fails
	 */
	@Override
	public @Nullable RedisSession findById(String id) {
		byte[] key = sessionKey(id);
		byte[] stored = execute("read a session", (connection) -> connection.stringCommands().get(key));
		SessionState state = readable(stored, id);
		if (state == null) {
			return null;
		}
		if (isExpired(state.lastAccessedTime(), state.maxInactiveInterval(), this.clock.instant())) {
			execute("delete an expired session", (connection) -> connection.keyCommands().unlink(key));
			return null;
		}
		RedisSession session = new RedisSession(toMapSession(state), state);
		session.cached.setLastAccessedTime(this.clock.instant());
		return session;
	}

	/**
	 * Deletes a session and its principal index entry. The session is read first to find that entry: a
	 * logout is rare, and the index stays exact instead of waiting for a lazy clean-up.
	 * @throws SessionStoreUnavailableException if Redis fails
	 */
	@Override
	public void deleteById(String id) {
		byte[] key = sessionKey(id);
		execute("delete a session", (connection) -> {
			byte[] stored = connection.stringCommands().get(key);
			if (stored == null) {
				return null;
			}
			connection.keyCommands().unlink(key);
			String principal = principalOf(stored);
			if (principal != null) {
				this.index.remove(connection, principal, bytes(id));
			}
			return null;
		});
	}

	/**
	 * Finds the sessions of a principal. Only {@link #PRINCIPAL_NAME_INDEX_NAME} is indexed. Ids whose
	 * session is gone, expired or now belongs to another principal are removed from the index on the way.
	 * Sessions come with their stored last access time (the actuator shows it, and Spring Security expires
	 * the least recently used).
	 * @throws SessionStoreUnavailableException if Redis fails
	 */
	@Override
	public Map<String, RedisSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
			return Map.of();
		}
		byte[] indexKey = this.index.key(indexValue);
		Instant now = this.clock.instant();
		return execute("find the sessions of a principal", (connection) -> {
			Set<byte[]> members = connection.setCommands().sMembers(indexKey);
			Map<String, RedisSession> sessions = new HashMap<>();
			List<byte[]> stale = new ArrayList<>();
			for (byte[] member : (members != null) ? members : Set.<byte[]>of()) {
				String id = new String(member, StandardCharsets.UTF_8);
				byte[] key = sessionKey(id);
				byte[] stored = connection.stringCommands().get(key);
				if (stored == null) {
					stale.add(member);
					continue;
				}
				SessionState state = readable(stored, id);
				if (state == null) {
					continue;
				}
				if (isExpired(state.lastAccessedTime(), state.maxInactiveInterval(), now)) {
					connection.keyCommands().unlink(key);
					stale.add(member);
					continue;
				}
				RedisSession session = new RedisSession(toMapSession(state), state);
				if (indexValue.equals(session.storedPrincipal)) {
					sessions.put(id, session);
				}
				else {
					stale.add(member);
				}
			}
			if (!stale.isEmpty()) {
				this.index.remove(connection, indexValue, stale.toArray(new byte[0][]));
			}
			return sessions;
		});
	}

	private @Nullable SessionState readable(byte @Nullable [] stored, String id) {
		if (stored == null) {
			return null;
		}
		try {
			SessionState state = this.codec.decode(stored);
			if (!state.id().equals(id)) {
				// Bytes copied from another session's key: never hand out one session under another's id
				throw new SessionUnreadableException("Cannot read session: it holds another session's id", null);
			}
			return state;
		}
		catch (SessionUnreadableException ex) {
			logUnreadable(ex);
			return null;
		}
	}

	private void logUnreadable(SessionUnreadableException ex) {
		String reason = Objects.requireNonNullElse(ex.getMessage(), ex.getClass().getName());
		// Each reason once at WARN (a key rotation can make many sessions unreadable at once); ids never logged
		if (this.loggedReasons.size() < MAX_LOGGED_REASONS && this.loggedReasons.add(reason)) {
			logger.warn("A stored session is treated as absent and left in Redis: " + reason
					+ " (further sessions unreadable for this reason are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("A stored session is treated as absent and left in Redis: " + reason);
		}
	}

	private static boolean isExpired(Instant lastAccessed, Duration maxInactive, Instant now) {
		return isExpiring(maxInactive) && !now.isBefore(lastAccessed.plus(maxInactive));
	}

	private static boolean isExpiring(Duration maxInactive) {
		return !maxInactive.isNegative() && !maxInactive.isZero();
	}

	private static MapSession toMapSession(SessionState state) {
		MapSession session = new MapSession(state.id());
		session.setCreationTime(state.creationTime());
		session.setLastAccessedTime(state.lastAccessedTime());
		session.setMaxInactiveInterval(state.maxInactiveInterval());
		state.attributes().forEach(session::setAttribute);
		return session;
	}

	/** The principal of stored bytes; none when unreadable, as such a session is deleted all the same. */
	private @Nullable String principalOf(byte[] stored) {
		try {
			return principalOf(toMapSession(this.codec.decode(stored)));
		}
		catch (SessionUnreadableException ex) {
			return null;
		}
	}

	private @Nullable String principalOf(MapSession session) {
		return this.index.principalOf(session);
	}

	private <T extends @Nullable Object> T execute(String operation, Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
		catch (DataAccessException ex) {
			throw new SessionStoreUnavailableException(operation, ex);
		}
	}

	private byte[] sessionKey(String id) {
		return bytes(this.namespace + ":sessions:" + id);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String stripTrailingColons(String namespace) {
		String stripped = namespace;
		while (stripped.endsWith(":")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		Assert.hasText(stripped, "namespace must not be empty");
		return stripped;
	}

	/**
	 * A session of this repository: a {@link MapSession} plus what is stored of it, so a save knows whether
	 * it must write. Not thread safe, like Spring Session's own sessions.
	 */
	public final class RedisSession implements Session {

		private final MapSession cached;

		private boolean isNew;

		private boolean changed;

		private String storedId;

		private @Nullable Instant storedLastAccessedTime;

		private @Nullable Duration storedMaxInactiveInterval;

		private @Nullable String storedPrincipal;

		RedisSession(MapSession cached, @Nullable SessionState stored) {
			this.cached = cached;
			this.isNew = (stored == null);
			this.storedId = cached.getId();
			if (stored != null) {
				this.storedLastAccessedTime = stored.lastAccessedTime();
				this.storedMaxInactiveInterval = stored.maxInactiveInterval();
				this.storedPrincipal = principalOf(cached);
			}
		}

		@Override
		public String getId() {
			return this.cached.getId();
		}

		@Override
		public String changeSessionId() {
			String id = CachePlatformRedisSessionRepository.this.sessionIdGenerator.generate();
			this.cached.setId(id);
			flushIfImmediate();
			return id;
		}

		@Override
		public <T> @Nullable T getAttribute(String attributeName) {
			T value = this.cached.getAttribute(attributeName);
			if (value != null && CachePlatformRedisSessionRepository.this.saveMode == SaveMode.ON_GET_ATTRIBUTE) {
				this.changed = true;
			}
			return value;
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.cached.getAttributeNames();
		}

		@Override
		public void setAttribute(String attributeName, @Nullable Object attributeValue) {
			this.cached.setAttribute(attributeName, attributeValue);
			this.changed = true;
			flushIfImmediate();
		}

		@Override
		public void removeAttribute(String attributeName) {
			this.cached.removeAttribute(attributeName);
			this.changed = true;
			flushIfImmediate();
		}

		@Override
		public Instant getCreationTime() {
			return this.cached.getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			this.cached.setLastAccessedTime(lastAccessedTime);
			flushIfImmediate();
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.cached.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.cached.setMaxInactiveInterval(interval);
			flushIfImmediate();
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.cached.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return CachePlatformRedisSessionRepository.isExpired(getLastAccessedTime(), getMaxInactiveInterval(),
					CachePlatformRedisSessionRepository.this.clock.instant());
		}

		@Override
		public String toString() {
			return "RedisSession[new=" + this.isNew + ", attributes=" + this.cached.getAttributeNames() + "]";
		}

		private void flushIfImmediate() {
			if (CachePlatformRedisSessionRepository.this.flushMode == FlushMode.IMMEDIATE) {
				save();
			}
		}

		private boolean mustWrite() {
			return this.isNew || this.changed || CachePlatformRedisSessionRepository.this.saveMode == SaveMode.ALWAYS
					|| !getId().equals(this.storedId)
					|| !getMaxInactiveInterval().equals(this.storedMaxInactiveInterval) || touchDue();
		}

		private boolean touchDue() {
			Instant stored = Objects.requireNonNull(this.storedLastAccessedTime);
			Duration interval = CachePlatformRedisSessionRepository.this.touchInterval;
			Duration maxInactive = getMaxInactiveInterval();
			if (isExpiring(maxInactive) && interval.compareTo(maxInactive.dividedBy(2)) > 0) {
				// Otherwise a session in constant use could expire between two touches
				interval = maxInactive.dividedBy(2);
			}
			return Duration.between(stored, getLastAccessedTime()).compareTo(interval) >= 0;
		}

		void save() {
			if (!mustWrite()) {
				return;
			}
			SessionState state = new SessionState(getId(), getCreationTime(), getLastAccessedTime(),
					getMaxInactiveInterval(), attributes());
			byte[] value = CachePlatformRedisSessionRepository.this.codec.encode(state);
			String principal = principalOf(this.cached);
			boolean written = execute("save a session", (connection) -> write(connection, value, principal));
			if (written) {
				this.isNew = false;
				this.changed = false;
				this.storedId = getId();
				this.storedLastAccessedTime = getLastAccessedTime();
				this.storedMaxInactiveInterval = getMaxInactiveInterval();
				this.storedPrincipal = principal;
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("A session was deleted or expired while in use; its save was dropped");
			}
		}

		private boolean write(RedisConnection connection, byte[] value, @Nullable String principal) {
			String id = getId();
			boolean idChanged = !id.equals(this.storedId);
			boolean moved = idChanged || !Objects.equals(principal, this.storedPrincipal);
			// Index first, so it always lists at least the stored sessions; extra entries are cleaned lazily
			if (principal != null && (moved || this.isNew || PrincipalIndex
				.refreshDue(Objects.requireNonNull(this.storedLastAccessedTime), getLastAccessedTime()))) {
				CachePlatformRedisSessionRepository.this.index.add(connection, principal, bytes(id),
						getMaxInactiveInterval(), CachePlatformRedisSessionRepository.this.touchInterval);
			}
			byte[] key = sessionKey(id);
			Expiration expiration = expiration();
			boolean written;
			if (this.isNew) {
				written = set(connection, key, value, SetCondition.upsert(), expiration);
			}
			else if (idChanged) {
				// UNLINK first: its count says whether the session still exists; RENAME could cross cluster slots
				Long removed = connection.keyCommands().unlink(sessionKey(this.storedId));
				written = removed != null && removed > 0
						&& set(connection, key, value, SetCondition.upsert(), expiration);
			}
			else {
				written = set(connection, key, value, SetCondition.ifPresent(), expiration);
			}
			if (this.storedPrincipal != null && moved && !this.isNew) {
				CachePlatformRedisSessionRepository.this.index.remove(connection, this.storedPrincipal,
						bytes(this.storedId));
			}
			return written;
		}

		private static boolean set(RedisConnection connection, byte[] key, byte[] value, SetCondition condition,
				Expiration expiration) {
			return Boolean.TRUE.equals(connection.stringCommands().set(key, value, condition, expiration));
		}

		private Expiration expiration() {
			Duration maxInactive = getMaxInactiveInterval();
			if (!isExpiring(maxInactive)) {
				return Expiration.persistent();
			}
			Instant expiresAt = getLastAccessedTime().plus(maxInactive);
			long remaining = Duration.between(CachePlatformRedisSessionRepository.this.clock.instant(), expiresAt)
				.toMillis();
			// At least 1 ms: an already expired session is then gone from Redis at once
			return Expiration.milliseconds(Math.max(1, Math.min(remaining, maxInactive.toMillis())));
		}

		private Map<String, Object> attributes() {
			Map<String, Object> attributes = new HashMap<>();
			for (String name : this.cached.getAttributeNames()) {
				Object value = this.cached.getAttribute(name);
				if (value != null) {
					attributes.put(name, value);
				}
			}
			return attributes;
		}

	}

}

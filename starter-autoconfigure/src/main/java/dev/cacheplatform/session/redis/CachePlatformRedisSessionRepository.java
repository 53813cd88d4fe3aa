package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * A Spring Session repository that reads an unchanged session with one Redis command, writes only what a
 * request changed, and can find a user's sessions ({@link #findByPrincipalName}), for Spring Security's
 * concurrent session control and Spring Boot's {@code sessions} actuator endpoint.
 *
 * <h2>Storage</h2>
 * Each session is one Redis hash, {@code <namespace>:sessions:v2:<id>}, with its creation time, last access
 * time, idle timeout and one field per attribute ({@link SessionHash}), and a TTL equal to the idle timeout
 * counted from the last access time (none when the timeout is zero or negative: the session never
 * expires). The sessions of a principal are listed in the set {@code <namespace>:index:<principal name>},
 * the principal being resolved like Spring Session does
 * ({@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} attribute, else the name of the
 * {@code SPRING_SECURITY_CONTEXT}'s authentication).
 * <p>
 * Sessions of the earlier format, one string {@code <namespace>:sessions:<id>} holding the whole session,
 * are still read (unless {@linkplain #setReadLegacyFormat switched off}), so upgrading logs nobody out: the
 * first save of such a session writes it whole as a hash. The string is left for instances still running
 * the earlier version during a rolling upgrade, and expires by itself (a delete removes both).
 *
 * <h2>What a save writes</h2>
 * Only what the request changed: the attributes it set or removed (or read, with
 * {@link SaveMode#ON_GET_ATTRIBUTE}), the idle timeout if changed, and the last access time with the TTL.
 * So two overlapping requests of one session that change different attributes both keep their change; two
 * that change the same attribute: the later save wins. A save writes nothing when nothing changed and the
 * last access time moved less than the {@linkplain #setTouchInterval touch interval}: a request that only
 * reads its session costs one command. A new session, a session whose id changed, one read in the earlier
 * format, and every save with {@link SaveMode#ALWAYS} write the whole session. A save of a session that is no
 * longer in Redis (deleted by a logout in another tab, or expired) is dropped, so a save never brings an
 * invalidated session back.
 *
 * <h2>Redis commands per operation</h2>
 * With H the hash {@code <ns>:sessions:v2:<id>}, L the earlier string {@code <ns>:sessions:<id>} and I the
 * set {@code <ns>:index:<principal name>}:
 * <pre>
 * findById, session present        HGETALL H
 * findById, absent                 HGETALL H; GET L (only while the earlier format is read)
 * findById, idle timeout passed    the above; UNLINK H (or L)
 * findById, again in one request   none ({@link SessionRequestScope})
 * createSession                    none (FlushMode.IMMEDIATE: as "save, new session")
 * save, nothing to write           none
 * save, new session                EVALSHA (HSET every field; PEXPIRE)
 * save, changes or touch due       EVALSHA (PEXPIRE H, and only if H exists: HSET the last access time and
 *                                  changed attributes; HDEL removed ones)
 * save, session read from L        EXISTS L; EVALSHA (HSET every field; PEXPIRE)
 * save, id changed                 UNLINK H(old id) (and L(old id)); EVALSHA (HSET every field of H(new id))
 *                                  (nothing is written if the UNLINK found nothing: deleted meanwhile)
 *   with a principal, before the write, if the session is new, its principal or id changed, or its last
 *   access time entered a new hour:
 *                                  PTTL I; SADD I &lt;id&gt;; PEXPIRE I &lt;idle timeout + 1 h + touch interval&gt;
 *                                  only if the TTL of I is below idle timeout + 1 h
 *                                  (PERSIST I instead, for a session that never expires)
 *   after the write, if the principal or id of a stored session changed:
 *                                  SREM I(old principal) &lt;old id&gt;
 * deleteById                       HGETALL H; UNLINK H; GET L, UNLINK L (while the earlier format is read);
 *                                  SREM I &lt;id&gt; with a principal
 * findByIndexNameAndIndexValue     SMEMBERS I; HGETALL H per id; UNLINK per expired session; one SREM I
 *                                  of the ids whose session is gone, expired or of another principal
 * </pre>
 * {@code EVALSHA} is sent as {@code EVAL} once per server that does not know the script yet
 * ({@link SessionWriteScript}). {@code PEXPIRE} is {@code PERSIST} for a session that never expires. The
 * repository never sends {@code KEYS}, {@code SCAN}, {@code CONFIG}, {@code FLUSHDB}/{@code FLUSHALL},
 * {@code RENAME} (the old and new keys of a session may live in different cluster slots), nor needs keyspace
 * notifications; no command it sends is newer than Redis 4.0 ({@code UNLINK}). It publishes no session
 * events.
 * <p>
 * Because the last access time is only stored once per touch interval, a session may expire up to one
 * touch interval earlier than its idle timeout says. Redis failures are thrown as
 * {@link SessionStoreUnavailableException}; within a {@link SessionRequestScope}, after one failure the
 * rest of the request fails at once.
 */
public class CachePlatformRedisSessionRepository
		implements FindByIndexNameSessionRepository<CachePlatformRedisSessionRepository.RedisSession> {

	private static final Log logger = LogFactory.getLog(CachePlatformRedisSessionRepository.class);

	private static final int MAX_LOGGED_REASONS = 64;

	/** A removed attribute in a session's changes. */
	private static final Object REMOVED = new Object();

	private final RedisConnectionFactory connectionFactory;

	private final String namespace;

	private final SessionCodec codec;

	private final Clock clock;

	private final PrincipalIndex index;

	private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

	private final SessionStoreCounters counters = new SessionStoreCounters();

	private Duration defaultMaxInactiveInterval = MapSession.DEFAULT_MAX_INACTIVE_INTERVAL;

	private Duration touchInterval = Duration.ofSeconds(60);

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private SessionIdGenerator sessionIdGenerator = UuidSessionIdGenerator.getInstance();

	private boolean readLegacyFormat = true;

	/**
	 * @param connectionFactory the session role's connection factory
	 * @param namespace the key prefix, such as {@code shop:session}
	 * @param codec turns attributes into bytes and back
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

	/** @return what this store has done since start: requests, reads, writes, commands, failures */
	public SessionStoreCounters counters() {
		return this.counters;
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
	 * anything ({@link SaveMode#ALWAYS}: every save writes the whole session, one more command per request).
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

	/**
	 * Sets whether sessions stored in the earlier one-string format are still read (and converted at their
	 * next save). Costs one more {@code GET} when a requested session is absent. Default {@code true}; switch
	 * it off once every instance runs this version and one session idle timeout has passed.
	 * @param readLegacyFormat whether to read the earlier format
	 */
	public void setReadLegacyFormat(boolean readLegacyFormat) {
		this.readLegacyFormat = readLegacyFormat;
	}

	@Override
	public RedisSession createSession() {
		Instant now = this.clock.instant();
		MapSession cached = new MapSession(this.sessionIdGenerator.generate());
		cached.setCreationTime(now);
		cached.setLastAccessedTime(now);
		cached.setMaxInactiveInterval(this.defaultMaxInactiveInterval);
		RedisSession session = new RedisSession(cached, null, false);
		session.flushIfImmediate();
		return session;
	}

	/**
	 * Writes what the session's request changed, if anything; sends nothing otherwise.
	 * @throws SessionStoreUnavailableException if Redis fails
	 * @throws dev.cacheplatform.codec.ValueNotStorableException if an attribute cannot be stored
	 */
	@Override
	public void save(RedisSession session) {
		session.save();
	}

	/**
	 * Reads a session with one {@code HGETALL} (within a request, once). Its last access time is set to now
	 * in memory; the stored one is kept to decide whether a save must write.
	 * @return the session, or {@code null} when it is absent, has expired or cannot be read
	 * @throws SessionStoreUnavailableException if Redis fails
	 */
	@Override
	public @Nullable RedisSession findById(String id) {
		SessionRequestScope scope = SessionRequestScope.current();
		if (scope != null && scope.isKnown(id)) {
			return scope.find(id);
		}
		this.counters.read();
		Stored stored = execute("read a session", (connection) -> load(connection, id, this.clock.instant()));
		RedisSession session = null;
		if (stored != null && stored.state() != null) {
			session = stored.toSession(this);
			session.cached.setLastAccessedTime(this.clock.instant());
		}
		if (scope != null) {
			scope.remember(id, session);
		}
		return session;
	}

	/**
	 * Deletes a session and its principal index entry. The session is read first to find that entry: a
	 * logout is rare, and the index stays exact instead of waiting for a lazy clean-up.
	 * @throws SessionStoreUnavailableException if Redis fails
	 */
	@Override
	public void deleteById(String id) {
		SessionRequestScope scope = SessionRequestScope.current();
		if (scope != null) {
			scope.remember(id, null);
		}
		this.counters.write();
		execute("delete a session", (connection) -> {
			String principal = principalOf(ofOurType(() -> connection.hashCommands().hGetAll(hashKey(id))), id);
			connection.keyCommands().unlink(hashKey(id));
			if (this.readLegacyFormat) {
				byte[] legacy = ofOurType(() -> connection.stringCommands().get(legacyKey(id)));
				if (legacy != null) {
					connection.keyCommands().unlink(legacyKey(id));
					principal = (principal != null) ? principal : legacyPrincipalOf(legacy);
				}
			}
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
		this.counters.read();
		return execute("find the sessions of a principal", (connection) -> {
			Set<byte[]> members = connection.setCommands().sMembers(indexKey);
			Map<String, RedisSession> sessions = new HashMap<>();
			List<byte[]> stale = new ArrayList<>();
			for (byte[] member : (members != null) ? members : Set.<byte[]>of()) {
				String id = new String(member, StandardCharsets.UTF_8);
				Stored stored = load(connection, id, now);
				if (stored == null) {
					stale.add(member);
					continue;
				}
				SessionState state = stored.state();
				if (state == null) {
					continue; // unreadable here, perhaps not for another deployment: left as it is
				}
				RedisSession session = stored.toSession(this);
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

	/**
	 * Reads a session in either format; unlinks it if its idle timeout has passed.
	 * @return the session (its state {@code null} if unreadable), or {@code null} if absent or expired
	 */
	private @Nullable Stored load(RedisConnection connection, String id, Instant now) {
		byte[] key = hashKey(id);
		Map<byte[], byte[]> hash = ofOurType(() -> connection.hashCommands().hGetAll(key));
		if (hash == null) {
			return new Stored(null, false, Set.of());
		}
		if (!hash.isEmpty()) {
			Set<String> stale = new HashSet<>();
			SessionState state = readable(() -> SessionHash.read(id, hash, this.codec, stale));
			return unlessExpired(connection, key, state, false, now, stale);
		}
		if (!this.readLegacyFormat) {
			return null;
		}
		byte[] legacyKey = legacyKey(id);
		// Stock Spring Session keeps a hash under this name: not ours, and not a failure of the store
		byte[] stored = ofOurType(() -> connection.stringCommands().get(legacyKey));
		if (stored == null || stored.length == 0) {
			return null;
		}
		return unlessExpired(connection, legacyKey, readable(() -> legacyState(stored, id)), true, now, Set.of());
	}

	private @Nullable Stored unlessExpired(RedisConnection connection, byte[] key, @Nullable SessionState state,
			boolean legacy, Instant now, Set<String> stale) {
		if (state != null && isExpired(state.lastAccessedTime(), state.maxInactiveInterval(), now)) {
			connection.keyCommands().unlink(key);
			return null;
		}
		return new Stored(state, legacy, stale);
	}

	/**
	 * Runs a read; a key of another Redis type answers {@code WRONGTYPE}, which says nothing about the
	 * store's health: it is logged as an unreadable session.
	 * @return what the read returned (empty for nothing), or {@code null} for a key of another type
	 */
	private <T> @Nullable T ofOurType(Supplier<@Nullable T> read) {
		try {
			return read.get();
		}
		catch (DataAccessException ex) {
			if (!isWrongType(ex)) {
				throw ex;
			}
			logUnreadable(new SessionUnreadableException("Cannot read session: its key holds another Redis type", null));
			return null;
		}
	}

	private static boolean isWrongType(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().startsWith("WRONGTYPE")) {
				return true;
			}
		}
		return false;
	}

	private SessionState legacyState(byte[] stored, String id) throws SessionUnreadableException {
		SessionState state = this.codec.decode(stored);
		if (!state.id().equals(id)) {
			// Bytes copied from another session's key: never hand out one session under another's id
			throw new SessionUnreadableException("Cannot read session: it holds another session's id", null);
		}
		return state;
	}

	private @Nullable SessionState readable(StateReader reader) {
		try {
			return reader.read();
		}
		catch (SessionUnreadableException ex) {
			logUnreadable(ex);
			return null;
		}
	}

	private void logUnreadable(SessionUnreadableException ex) {
		this.counters.failed(SessionStoreCounters.Failure.UNREADABLE);
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

	/** The principal of a stored hash; none when absent or unreadable, as such a session is deleted all the same. */
	private @Nullable String principalOf(@Nullable Map<byte[], byte[]> hash, String id) {
		if (hash == null || hash.isEmpty()) {
			return null;
		}
		try {
			return this.index.principalOf(toMapSession(SessionHash.read(id, hash, this.codec, new HashSet<>())));
		}
		catch (SessionUnreadableException ex) {
			return null;
		}
	}

	private @Nullable String legacyPrincipalOf(byte[] stored) {
		try {
			return this.index.principalOf(toMapSession(this.codec.decode(stored)));
		}
		catch (SessionUnreadableException ex) {
			return null;
		}
	}

	/**
	 * Runs one operation on a connection of the session role. Within a request scope, after one failure every
	 * further operation of the request fails at once: a frozen store costs a request one timeout, not one
	 * per look-up and commit.
	 */
	private <T extends @Nullable Object> T execute(String operation, Function<RedisConnection, T> action) {
		SessionRequestScope scope = SessionRequestScope.current();
		SessionStoreUnavailableException earlier = (scope != null) ? scope.failure() : null;
		if (earlier != null) {
			throw new SessionStoreUnavailableException(operation, earlier.getCause());
		}
		if (scope != null && scope.firstUseOfStore()) {
			this.counters.request();
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(CountingConnection.wrap(connection, this.counters));
		}
		catch (DataAccessException ex) {
			this.counters.failed(SessionStoreCounters.Failure.UNAVAILABLE);
			SessionStoreUnavailableException failure = new SessionStoreUnavailableException(operation, ex);
			if (scope != null) {
				scope.failed(failure);
			}
			throw failure;
		}
	}

	private byte[] hashKey(String id) {
		return bytes(this.namespace + ":sessions:v2:" + id);
	}

	private byte[] legacyKey(String id) {
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
	 * A stored session: its state ({@code null} if unreadable), whether it is in the earlier format, and the
	 * attributes to write again at the next save (stored plaintext or with an older key).
	 */
	private record Stored(@Nullable SessionState state, boolean legacy, Set<String> stale) {

		RedisSession toSession(CachePlatformRedisSessionRepository repository) {
			SessionState stored = Objects.requireNonNull(this.state);
			RedisSession session = repository.new RedisSession(toMapSession(stored), stored, this.legacy);
			this.stale.forEach((name) -> session.changes.put(name, stored.attributes().get(name)));
			return session;
		}

	}

	@FunctionalInterface
	private interface StateReader {

		SessionState read() throws SessionUnreadableException;

	}

	/**
	 * A session of this repository: a {@link MapSession}, the changes not yet saved, and what is stored of
	 * it, so a save knows what to write. Not thread safe, like Spring Session's own sessions.
	 */
	public final class RedisSession implements Session {

		private final MapSession cached;

		/** Attributes set (their value) or removed ({@link #REMOVED}) since the last save. */
		private final Map<String, Object> changes = new HashMap<>();

		private boolean isNew;

		private boolean legacy;

		private String storedId;

		private @Nullable Instant storedLastAccessedTime;

		private @Nullable Duration storedMaxInactiveInterval;

		private @Nullable String storedPrincipal;

		RedisSession(MapSession cached, @Nullable SessionState stored, boolean legacy) {
			this.cached = cached;
			this.isNew = (stored == null);
			this.legacy = legacy;
			this.storedId = cached.getId();
			if (stored != null) {
				this.storedLastAccessedTime = stored.lastAccessedTime();
				this.storedMaxInactiveInterval = stored.maxInactiveInterval();
				this.storedPrincipal = index.principalOf(cached);
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
				this.changes.put(attributeName, value);
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
			this.changes.put(attributeName, (attributeValue != null) ? attributeValue : REMOVED);
			flushIfImmediate();
		}

		@Override
		public void removeAttribute(String attributeName) {
			this.cached.removeAttribute(attributeName);
			this.changes.put(attributeName, REMOVED);
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

		private boolean mustWriteWhole() {
			return this.isNew || this.legacy || CachePlatformRedisSessionRepository.this.saveMode == SaveMode.ALWAYS
					|| !getId().equals(this.storedId);
		}

		private boolean mustWrite() {
			return mustWriteWhole() || !this.changes.isEmpty()
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
			boolean whole = mustWriteWhole();
			List<byte[]> fields = new ArrayList<>();
			List<byte[]> removed = new ArrayList<>();
			collectFields(whole, fields, removed);
			String principal = index.principalOf(this.cached);
			CachePlatformRedisSessionRepository.this.counters.write();
			boolean written = execute("save a session",
					(connection) -> write(connection, fields, removed, principal));
			if (written) {
				this.isNew = false;
				this.legacy = false;
				this.changes.clear();
				this.storedId = getId();
				this.storedLastAccessedTime = getLastAccessedTime();
				this.storedMaxInactiveInterval = getMaxInactiveInterval();
				this.storedPrincipal = principal;
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("A session was deleted or expired while in use; its save was dropped");
			}
		}

		/** Encodes what the save writes: every field, or the last access time and what changed. */
		private void collectFields(boolean whole, List<byte[]> fields, List<byte[]> removed) {
			String id = getId();
			SessionCodec codec = CachePlatformRedisSessionRepository.this.codec;
			SessionHash.putMillis(fields, SessionHash.LAST_ACCESSED_TIME, getLastAccessedTime().toEpochMilli());
			if (whole || !getMaxInactiveInterval().equals(this.storedMaxInactiveInterval)) {
				SessionHash.putMillis(fields, SessionHash.MAX_INACTIVE, getMaxInactiveInterval().toMillis());
			}
			if (whole) {
				SessionHash.putMillis(fields, SessionHash.CREATION_TIME, getCreationTime().toEpochMilli());
			}
			Set<String> names = whole ? this.cached.getAttributeNames() : this.changes.keySet();
			for (String name : names) {
				Object value = this.cached.getAttribute(name);
				if (value != null) {
					fields.add(SessionHash.attributeField(name));
					fields.add(codec.encodeAttribute(id, name, value));
				}
			}
			this.changes.forEach((name, value) -> {
				if (value == REMOVED) {
					removed.add(SessionHash.attributeField(name));
				}
			});
		}

		private boolean write(RedisConnection connection, List<byte[]> fields, List<byte[]> removed,
				@Nullable String principal) {
			String id = getId();
			boolean idChanged = !id.equals(this.storedId);
			boolean moved = idChanged || !Objects.equals(principal, this.storedPrincipal);
			// Index first, so it always lists at least the stored sessions; extra entries are cleaned lazily
			if (principal != null && (moved || this.isNew || PrincipalIndex
				.refreshDue(Objects.requireNonNull(this.storedLastAccessedTime), getLastAccessedTime()))) {
				index.add(connection, principal, bytes(id), getMaxInactiveInterval(),
						CachePlatformRedisSessionRepository.this.touchInterval);
			}
			boolean stillStored;
			if (this.isNew) {
				stillStored = true;
			}
			else if (idChanged) {
				// UNLINK first: its count says whether the session still exists; RENAME could cross cluster slots.
				// The old id must not keep any readable copy: it may be known to whoever fixated it.
				long removedKeys = 0;
				if (!this.legacy) {
					removedKeys += count(connection.keyCommands().unlink(hashKey(this.storedId)));
				}
				if (CachePlatformRedisSessionRepository.this.readLegacyFormat) {
					removedKeys += count(connection.keyCommands().unlink(legacyKey(this.storedId)));
				}
				stillStored = removedKeys > 0;
			}
			else if (this.legacy) {
				stillStored = Boolean.TRUE.equals(connection.keyCommands().exists(legacyKey(id)));
			}
			else {
				stillStored = true; // the script writes only if the hash still exists
			}
			boolean onlyIfPresent = !this.isNew && !idChanged && !this.legacy;
			boolean written = stillStored && SessionWriteScript.write(connection, hashKey(id), onlyIfPresent,
					ttlMillis(), fields, removed);
			if (this.storedPrincipal != null && moved && !this.isNew) {
				index.remove(connection, this.storedPrincipal, bytes(this.storedId));
			}
			return written;
		}

		private static long count(@Nullable Long keys) {
			return (keys != null) ? keys : 0;
		}

		/** The TTL of the hash: the idle timeout from the last access; 0 for a session that never expires. */
		private long ttlMillis() {
			Duration maxInactive = getMaxInactiveInterval();
			if (!isExpiring(maxInactive)) {
				return 0;
			}
			Instant expiresAt = getLastAccessedTime().plus(maxInactive);
			long remaining = Duration.between(CachePlatformRedisSessionRepository.this.clock.instant(), expiresAt)
				.toMillis();
			// At least 1 ms: an already expired session is then gone from Redis at once
			return Math.max(1, Math.min(remaining, maxInactive.toMillis()));
		}

	}

}

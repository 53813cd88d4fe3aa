package dev.cacheplatform.session.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.codec.ValueNotStorableException;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.session.redis.fixtures.CartLine;
import dev.cacheplatform.session.redis.fixtures.FakeSecurityContext;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;

import static dev.cacheplatform.session.redis.SessionTestSupport.dataCommands;
import static dev.cacheplatform.session.redis.SessionTestSupport.exists;
import static dev.cacheplatform.session.redis.SessionTestSupport.indexKey;
import static dev.cacheplatform.session.redis.SessionTestSupport.members;
import static dev.cacheplatform.session.redis.SessionTestSupport.pttl;
import static dev.cacheplatform.session.redis.SessionTestSupport.sessionKey;
import static dev.cacheplatform.session.redis.SessionTestSupport.setRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repository against a real redis-server: commands per request, expiry, change tracking, the principal
 * index and id changes.
 */
class CachePlatformRedisSessionRepositoryTests {

	private static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private static final RedisServer server = RedisServer.builder().start();

	private static final LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);

	private final TestClock clock = new TestClock(SessionTestSupport.START);

	private final String namespace = SessionTestSupport.namespace();

	private CachePlatformRedisSessionRepository repository;

	@BeforeEach
	void createRepository() {
		this.repository = new CachePlatformRedisSessionRepository(factory, this.namespace, SessionTestSupport.codec(),
				this.clock);
	}

	@AfterAll
	static void stopServer() {
		factory.destroy();
		server.close();
	}

	@Test
	void readingAnUnchangedSessionCostsOneCommandPerRequest() {
		String id = savedSession("user-data", 2);
		server.resetStats();
		for (int request = 0; request < 100; request++) {
			this.clock.advance(Duration.ofSeconds(1));
			RedisSession session = this.repository.findById(id);
			assertThat(session).isNotNull();
			this.repository.save(session);
		}
		Map<String, Long> stats = server.commandStats();
		long data = dataCommands(stats);
		double perRequest = data / 100.0;
		System.out.printf("Session commands per request (100 requests, touch every 60 s, 1 s apart): %.2f sent, "
				+ "%.2f in commandstats %s%n", (stats.get("hgetall") + scriptCalls(stats)) / 100.0, perRequest, stats);
		assertThat(stats.get("hgetall")).isEqualTo(100);
		assertThat(scriptCalls(stats)).as("one touch, at 60 s").isEqualTo(1);
		assertThat(data).as("the touch runs PEXPIRE and HSET inside its script").isEqualTo(103);
	}

	@Test
	void keyTtlIsTheIdleTimeoutAndATouchRestartsIt() {
		String id = savedSession("x", 1);
		String key = sessionKey(this.namespace, id);
		assertThat(pttl(server, key)).isBetween(Duration.ofMinutes(30).minusSeconds(5).toMillis(),
				Duration.ofMinutes(30).toMillis());
		try (RespClient client = server.client()) {
			client.command("PEXPIRE", key, "20000");
		}
		this.clock.advance(Duration.ofSeconds(30));
		this.repository.save(this.repository.findById(id));
		assertThat(pttl(server, key)).as("no touch before 60 s").isLessThanOrEqualTo(20000);
		this.clock.advance(Duration.ofSeconds(31));
		this.repository.save(this.repository.findById(id));
		assertThat(pttl(server, key)).as("touched").isGreaterThan(Duration.ofMinutes(29).toMillis());
	}

	@Test
	void sessionIdleBeyondItsTimeoutIsAbsentAndUnlinked() {
		String id = savedSession("x", 1);
		this.clock.advance(Duration.ofMinutes(30).minusMillis(1));
		assertThat(this.repository.findById(id)).isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.repository.findById(id)).isNull();
		assertThat(exists(server, sessionKey(this.namespace, id))).isFalse();
	}

	@Test
	void sessionWithAnIdleTimeoutBelowTwoTouchIntervalsIsTouchedEveryHalfTimeout() {
		this.repository.setDefaultMaxInactiveInterval(Duration.ofSeconds(60));
		String id = savedSession("x", 1);
		for (int request = 0; request < 10; request++) {
			this.clock.advance(Duration.ofSeconds(35));
			RedisSession session = this.repository.findById(id);
			assertThat(session).as("request %d", request).isNotNull();
			this.repository.save(session);
		}
	}

	@Test
	void securityContextWithoutAPrincipalNameIsNotIndexed() {
		RedisSession session = this.repository.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", "not a security context");
		this.repository.save(session);
		assertThat(this.repository.findById(session.getId())).isNotNull();
		this.repository.deleteById(session.getId());
		assertThat(exists(server, sessionKey(this.namespace, session.getId()))).isFalse();
	}

	@Test
	void sessionWithoutTimeoutHasNoTtlAndNeverExpires() {
		RedisSession session = this.repository.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));
		this.repository.save(session);
		assertThat(pttl(server, sessionKey(this.namespace, session.getId()))).isEqualTo(-1);
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.repository.findById(session.getId())).isNotNull();
	}

	@Test
	void newSessionIsWrittenOnSaveOnlyAndReadsBackWholly() {
		RedisSession session = this.repository.createSession();
		session.setAttribute("cart", new CartLine("sku-1", 2));
		session.setAttribute("count", 7);
		assertThat(session.isExpired()).isFalse();
		assertThat(exists(server, sessionKey(this.namespace, session.getId()))).isFalse();
		this.repository.save(session);
		this.clock.advance(Duration.ofSeconds(5));
		RedisSession found = this.repository.findById(session.getId());
		assertThat(found).isNotNull();
		assertThat(found.<CartLine>getAttribute("cart")).isEqualTo(new CartLine("sku-1", 2));
		assertThat(found.<Integer>getAttribute("count")).isEqualTo(7);
		assertThat(found.getCreationTime()).isEqualTo(SessionTestSupport.START);
		assertThat(found.getLastAccessedTime()).as("now, in memory").isEqualTo(this.clock.instant());
		assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void changedAttributeIsOneSetAndUnchangedSaveIsNothing() {
		String id = savedSession("x", 1);
		server.resetStats();
		RedisSession session = this.repository.findById(id);
		session.setAttribute("cart", new CartLine("sku-2", 1));
		this.repository.save(session);
		this.repository.save(session);
		RedisSession again = this.repository.findById(id);
		again.getAttribute("cart");
		this.repository.save(again);
		Map<String, Long> stats = server.commandStats();
		assertThat(scriptCalls(stats)).isEqualTo(1);
		assertThat(stats.get("hgetall")).isEqualTo(2);
		assertThat(stats.get("hset")).isEqualTo(1);
		assertThat(dataCommands(stats)).as("2 HGETALL, 1 EVALSHA running PEXPIRE and HSET").isEqualTo(5);
		assertThat(this.repository.findById(id).<CartLine>getAttribute("cart")).isEqualTo(new CartLine("sku-2", 1));
	}

	@Test
	void removedAttributeIsWritten() {
		String id = savedSession("x", 2);
		RedisSession session = this.repository.findById(id);
		session.removeAttribute("attribute-0");
		this.repository.save(session);
		assertThat(this.repository.findById(id).getAttributeNames()).containsExactly("attribute-1");
	}

	@Test
	void onGetAttributeWritesSessionsWhoseAttributesWereRead() {
		this.repository.setSaveMode(SaveMode.ON_GET_ATTRIBUTE);
		String id = savedSession("x", 1);
		server.resetStats();
		RedisSession missing = this.repository.findById(id);
		assertThat(missing.<Object>getAttribute("absent")).isNull();
		this.repository.save(missing);
		assertThat(scriptCalls(server.commandStats())).as("reading an absent attribute").isZero();
		RedisSession read = this.repository.findById(id);
		assertThat(read.<String>getAttribute("attribute-0")).isEqualTo("x");
		this.repository.save(read);
		assertThat(scriptCalls(server.commandStats())).isEqualTo(1);
	}

	@Test
	void alwaysWritesEverySave() {
		this.repository.setSaveMode(SaveMode.ALWAYS);
		String id = savedSession("x", 1);
		server.resetStats();
		this.repository.save(this.repository.findById(id));
		this.repository.save(this.repository.findById(id));
		assertThat(scriptCalls(server.commandStats())).isEqualTo(2);
	}

	@Test
	void immediateFlushWritesOnCreateAndOnEveryChange() {
		this.repository.setFlushMode(FlushMode.IMMEDIATE);
		RedisSession session = this.repository.createSession();
		String key = sessionKey(this.namespace, session.getId());
		assertThat(exists(server, key)).as("written when created").isTrue();
		session.setAttribute("step", 1);
		assertThat(this.repository.findById(session.getId()).<Integer>getAttribute("step")).isEqualTo(1);
		session.setMaxInactiveInterval(Duration.ofMinutes(5));
		assertThat(pttl(server, key)).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
		server.resetStats();
		session.setLastAccessedTime(this.clock.instant());
		assertThat(scriptCalls(server.commandStats())).as("access time alone, no touch due").isZero();
	}

	@Test
	void principalIndexFindsTheSessionsOfAUser() {
		String alice1 = sessionOf("alice");
		String alice2 = sessionOf("alice");
		String bob = sessionOf("bob");
		assertThat(this.repository.findByPrincipalName("alice")).containsOnlyKeys(alice1, alice2);
		assertThat(this.repository.findByPrincipalName("bob")).containsOnlyKeys(bob);
		assertThat(this.repository.findByIndexNameAndIndexValue("other-index", "alice")).isEmpty();
		assertThat(this.repository.findByPrincipalName("alice").get(alice1).getLastAccessedTime())
			.as("stored access time, not now").isEqualTo(SessionTestSupport.START);
		long indexTtl = pttl(server, indexKey(this.namespace, "alice"));
		assertThat(indexTtl).isGreaterThan(pttl(server, sessionKey(this.namespace, alice1)));
		this.repository.deleteById(alice1);
		assertThat(exists(server, sessionKey(this.namespace, alice1))).isFalse();
		assertThat(members(server, indexKey(this.namespace, "alice"))).containsExactly(alice2);
		assertThat(this.repository.findByPrincipalName("alice")).containsOnlyKeys(alice2);
	}

	@Test
	void expiredAndVanishedSessionsAreRemovedFromTheIndexLazily() {
		String lasting = sessionOf("alice");
		RedisSession brief = this.repository.createSession();
		brief.setAttribute(PRINCIPAL, "alice");
		brief.setMaxInactiveInterval(Duration.ofMinutes(10));
		this.repository.save(brief);
		this.clock.advance(Duration.ofMinutes(11));
		assertThat(members(server, indexKey(this.namespace, "alice"))).hasSize(2);
		assertThat(this.repository.findByPrincipalName("alice")).containsOnlyKeys(lasting);
		assertThat(members(server, indexKey(this.namespace, "alice"))).containsExactly(lasting);
		assertThat(exists(server, sessionKey(this.namespace, brief.getId()))).isFalse();
		try (RespClient client = server.client()) {
			client.command("DEL", sessionKey(this.namespace, lasting));
		}
		assertThat(this.repository.findByPrincipalName("alice")).isEmpty();
		assertThat(exists(server, indexKey(this.namespace, "alice"))).isFalse();
	}

	@Test
	void principalFromTheSecurityContextIsIndexedAndLogoutOrRenameMovesIt() {
		RedisSession session = this.repository.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new FakeSecurityContext("carol"));
		this.repository.save(session);
		assertThat(this.repository.findByPrincipalName("carol")).containsOnlyKeys(session.getId());
		RedisSession found = this.repository.findById(session.getId());
		found.setAttribute(PRINCIPAL, "dave");
		this.repository.save(found);
		assertThat(members(server, indexKey(this.namespace, "carol"))).isEmpty();
		assertThat(this.repository.findByPrincipalName("dave")).containsOnlyKeys(session.getId());
		found = this.repository.findById(session.getId());
		found.removeAttribute(PRINCIPAL);
		found.removeAttribute("SPRING_SECURITY_CONTEXT");
		this.repository.save(found);
		assertThat(exists(server, indexKey(this.namespace, "dave"))).isFalse();
	}

	@Test
	void staleIndexEntryOfAnotherPrincipalIsNotReturned() {
		String id = sessionOf("alice");
		try (RespClient client = server.client()) {
			client.command("SADD", indexKey(this.namespace, "mallory"), id);
		}
		assertThat(this.repository.findByPrincipalName("mallory")).isEmpty();
		assertThat(members(server, indexKey(this.namespace, "mallory"))).isEmpty();
	}

	@Test
	void changedIdMovesTheSessionAndItsIndexEntry() {
		String oldId = sessionOf("alice");
		RedisSession session = this.repository.findById(oldId);
		String newId = session.changeSessionId();
		this.repository.save(session);
		assertThat(exists(server, sessionKey(this.namespace, oldId))).isFalse();
		assertThat(exists(server, sessionKey(this.namespace, newId))).isTrue();
		assertThat(pttl(server, sessionKey(this.namespace, newId))).isGreaterThan(Duration.ofMinutes(29).toMillis());
		assertThat(this.repository.findById(oldId)).isNull();
		assertThat(this.repository.findById(newId).<String>getAttribute(PRINCIPAL)).isEqualTo("alice");
		assertThat(members(server, indexKey(this.namespace, "alice"))).containsExactly(newId);
	}

	@Test
	void loginChangesIdAndIndexesTheNewIdOnly() {
		String anonymous = savedSession("x", 1);
		RedisSession session = this.repository.findById(anonymous);
		String newId = session.changeSessionId();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new FakeSecurityContext("erin"));
		this.repository.save(session);
		assertThat(this.repository.findById(anonymous)).isNull();
		assertThat(this.repository.findByPrincipalName("erin")).containsOnlyKeys(newId);
	}

	@Test
	void saveNeverBringsBackADeletedSession() {
		String id = sessionOf("alice");
		RedisSession inFlight = this.repository.findById(id);
		RedisSession renaming = this.repository.findById(id);
		this.repository.deleteById(id);
		assertThat(members(server, indexKey(this.namespace, "alice"))).isEmpty();
		inFlight.setAttribute("late", "write");
		this.repository.save(inFlight);
		assertThat(exists(server, sessionKey(this.namespace, id))).isFalse();
		String newId = renaming.changeSessionId();
		this.repository.save(renaming);
		assertThat(exists(server, sessionKey(this.namespace, newId))).isFalse();
		assertThat(this.repository.findById(id)).isNull();
	}

	@Test
	void unreadableSessionIsAbsentButLeftInPlace() {
		String key = sessionKey(this.namespace, "garbage");
		setRaw(server, key, new byte[] { (byte) 0xCC, 0x50, 1, 2, 0, 1, 2, 3 });
		assertThat(this.repository.findById("garbage")).as("a string where the hash belongs").isNull();
		assertThat(exists(server, key)).isTrue();
		String id = savedSession("x", 1);
		try (RespClient client = server.client()) {
			client.command("HSET", sessionKey(this.namespace, id), "sessionAttr:attribute-0", "not an envelope");
		}
		assertThat(this.repository.findById(id)).as("an attribute that cannot be read").isNull();
		assertThat(exists(server, sessionKey(this.namespace, id))).isTrue();
		try (RespClient client = server.client()) {
			client.command("HDEL", sessionKey(this.namespace, id), "creationTime");
		}
		assertThat(this.repository.findById(id)).as("a hash without its times").isNull();
	}

	@Test
	void overlappingRequestsChangingDifferentAttributesKeepBoth() {
		String id = savedSession("x", 1);
		RedisSession first = this.repository.findById(id);
		RedisSession second = this.repository.findById(id);
		first.setAttribute("a", 1);
		second.setAttribute("b", 2);
		second.removeAttribute("attribute-0");
		this.repository.save(second);
		this.repository.save(first);
		RedisSession after = this.repository.findById(id);
		assertThat(after.getAttributeNames()).containsExactlyInAnyOrder("a", "b");
		assertThat(after.<Integer>getAttribute("a")).isEqualTo(1);
		assertThat(after.<Integer>getAttribute("b")).isEqualTo(2);
	}

	@Test
	void overlappingRequestsChangingTheSameAttributeLastSaveWins() {
		String id = savedSession("x", 1);
		RedisSession first = this.repository.findById(id);
		RedisSession second = this.repository.findById(id);
		first.setAttribute("attribute-0", "first");
		second.setAttribute("attribute-0", "second");
		this.repository.save(second);
		this.repository.save(first);
		assertThat(this.repository.findById(id).<String>getAttribute("attribute-0")).isEqualTo("first");
	}

	@Test
	void sessionOfTheEarlierFormatIsReadAndWrittenAsAHashAtItsNextSave() {
		String id = "legacy-1";
		SessionState state = new SessionState(id, SessionTestSupport.START, SessionTestSupport.START,
				Duration.ofMinutes(30), Map.of(PRINCIPAL, "alice", "cart", new CartLine("sku-9", 3)));
		String legacyKey = SessionTestSupport.legacyKey(this.namespace, id);
		setRaw(server, legacyKey, SessionTestSupport.codec().encode(state));
		try (RespClient client = server.client()) {
			client.command("SADD", indexKey(this.namespace, "alice"), id);
		}
		this.clock.advance(Duration.ofSeconds(5));
		server.resetStats();
		RedisSession found = this.repository.findById(id);
		assertThat(found.<CartLine>getAttribute("cart")).isEqualTo(new CartLine("sku-9", 3));
		assertThat(server.commandStats()).containsEntry("hgetall", 1L).containsEntry("get", 1L);
		this.repository.save(found);
		assertThat(exists(server, sessionKey(this.namespace, id))).as("written as a hash").isTrue();
		assertThat(exists(server, legacyKey)).as("kept for instances still on the earlier version").isTrue();
		server.resetStats();
		RedisSession converted = this.repository.findById(id);
		assertThat(server.commandStats()).containsEntry("hgetall", 1L).doesNotContainKey("get");
		assertThat(converted.<CartLine>getAttribute("cart")).isEqualTo(new CartLine("sku-9", 3));
		assertThat(converted.getCreationTime()).isEqualTo(SessionTestSupport.START);
		assertThat(this.repository.findByPrincipalName("alice")).containsOnlyKeys(id);
		this.repository.deleteById(id);
		assertThat(exists(server, sessionKey(this.namespace, id))).isFalse();
		assertThat(exists(server, legacyKey)).as("a logout must not leave a copy to fall back to").isFalse();
		assertThat(this.repository.findById(id)).isNull();
	}

	@Test
	void earlierFormatIsIgnoredOnceSwitchedOff() {
		SessionState state = new SessionState("legacy-2", SessionTestSupport.START, SessionTestSupport.START,
				Duration.ofMinutes(30), Map.of("cart", new CartLine("sku-9", 3)));
		setRaw(server, SessionTestSupport.legacyKey(this.namespace, "legacy-2"), SessionTestSupport.codec().encode(state));
		this.repository.setReadLegacyFormat(false);
		server.resetStats();
		assertThat(this.repository.findById("legacy-2")).isNull();
		assertThat(dataCommands(server.commandStats())).as("one HGETALL only").isEqualTo(1);
	}

	@Test
	void stockSpringSessionHashUnderTheEarlierKeyIsAbsentNotAStoreFailure() {
		try (RespClient client = server.client()) {
			client.command("HSET", SessionTestSupport.legacyKey(this.namespace, "stock"), "creationTime", "x");
		}
		assertThat(this.repository.findById("stock")).isNull();
		this.repository.deleteById("stock");
		assertThat(exists(server, SessionTestSupport.legacyKey(this.namespace, "stock"))).isTrue();
	}

	@Test
	void withinARequestScopeASessionIsReadOnce() {
		String id = savedSession("x", 1);
		server.resetStats();
		try (SessionRequestScope scope = SessionRequestScope.open()) {
			RedisSession first = this.repository.findById(id);
			this.repository.save(first);
			assertThat(this.repository.findById(id)).isSameAs(first);
			assertThat(this.repository.findById("absent")).isNull();
			assertThat(this.repository.findById("absent")).isNull();
		}
		assertThat(server.commandStats()).containsEntry("hgetall", 2L);
		this.repository.findById(id);
		assertThat(server.commandStats()).as("outside a scope every look-up reads").containsEntry("hgetall", 3L);
	}

	@Test
	void withinARequestScopeAChangedIdIsNotFoundUnderTheOldOne() {
		String id = savedSession("x", 1);
		try (SessionRequestScope scope = SessionRequestScope.open()) {
			RedisSession session = this.repository.findById(id);
			session.changeSessionId();
			this.repository.save(session);
			assertThat(this.repository.findById(id)).isNull();
		}
	}

	@Test
	void attributeOutsideTheAllowListFailsTheSaveNotTheNextRead() {
		String id = savedSession("x", 1);
		RedisSession session = this.repository.findById(id);
		session.setAttribute("counter", new AtomicInteger(1));
		assertThatExceptionOfType(ValueNotStorableException.class).isThrownBy(() -> this.repository.save(session))
			.withMessageContaining("java.util.concurrent.atomic.AtomicInteger");
		assertThat(this.repository.findById(id).getAttributeNames()).containsExactly("attribute-0");
	}

	@Test
	void deleteOfAnAbsentSessionIsHarmless() {
		this.repository.deleteById("never-existed");
		assertThat(this.repository.findById("never-existed")).isNull();
	}

	/** EVALSHA and EVAL: the saves that wrote. */
	private static long scriptCalls(Map<String, Long> stats) {
		return stats.getOrDefault("evalsha", 0L) + stats.getOrDefault("eval", 0L);
	}

	private String savedSession(String value, int attributes) {
		RedisSession session = this.repository.createSession();
		for (int i = 0; i < attributes; i++) {
			session.setAttribute("attribute-" + i, value);
		}
		this.repository.save(session);
		return session.getId();
	}

	private String sessionOf(String principal) {
		RedisSession session = this.repository.createSession();
		session.setAttribute(PRINCIPAL, principal);
		this.repository.save(session);
		return session.getId();
	}

}

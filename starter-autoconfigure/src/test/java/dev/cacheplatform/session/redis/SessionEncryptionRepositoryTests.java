package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static dev.cacheplatform.session.redis.EnvelopeSessionCodecTests.KEY_A;
import static dev.cacheplatform.session.redis.EnvelopeSessionCodecTests.KEY_B;
import static dev.cacheplatform.session.redis.EnvelopeSessionCodecTests.contains;
import static dev.cacheplatform.session.redis.EnvelopeSessionCodecTests.expectedKeyId;
import static dev.cacheplatform.session.redis.EnvelopeSessionCodecTests.keyId;
import static dev.cacheplatform.session.redis.SessionTestSupport.exists;
import static dev.cacheplatform.session.redis.SessionTestSupport.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encrypted sessions in Redis: nothing readable at rest, key rotation, a missing key, and switching
 * encryption on.
 */
class SessionEncryptionRepositoryTests {

	private static final String SECRET = "Zebra-Quokka-4711";

	private static final RedisServer server = RedisServer.builder().start();

	private static final LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);

	private final TestClock clock = new TestClock(SessionTestSupport.START);

	private final String namespace = SessionTestSupport.namespace();

	@AfterAll
	static void stopServer() {
		factory.destroy();
		server.close();
	}

	@Test
	void storedBytesHoldNoAttributeValue() {
		CachePlatformRedisSessionRepository repository = repository(List.of(KEY_A));
		String id = save(repository);
		byte[] stored = secretField(id);
		assertThat(contains(stored, SECRET.getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(repository.findById(id).<String>getAttribute("secret")).isEqualTo(SECRET);
	}

	@Test
	void encryptedAttributeCopiedToAnotherSessionOrAttributeDoesNotDecrypt() {
		CachePlatformRedisSessionRepository repository = repository(List.of(KEY_A));
		String victim = save(repository);
		String attacker = save(repository);
		byte[] secret = secretField(victim);
		setField(attacker, "sessionAttr:secret", secret);
		assertThat(repository.findById(attacker)).as("another session's value").isNull();
		String other = save(repository);
		setField(other, "sessionAttr:renamed", secretField(other));
		assertThat(repository.findById(other)).as("another attribute's value").isNull();
	}

	@Test
	void rotationReadsWithTheOldKeyAndWritesWithTheNew() throws Exception {
		String id = save(repository(List.of(KEY_A)));
		assertThat(keyId(secretField(id))).isEqualTo(expectedKeyId(KEY_A));
		CachePlatformRedisSessionRepository rotated = repository(List.of(KEY_B, KEY_A));
		RedisSession session = rotated.findById(id);
		assertThat(session.<String>getAttribute("secret")).isEqualTo(SECRET);
		rotated.save(session);
		assertThat(keyId(secretField(id))).as("rewritten with the new key by a request that only read")
			.isEqualTo(expectedKeyId(KEY_B));
	}

	@Test
	void sessionOfAKeyNoLongerConfiguredIsAbsentAndKept() {
		String id = save(repository(List.of(KEY_A)));
		assertThat(repository(List.of(KEY_B)).findById(id)).isNull();
		assertThat(exists(server, sessionKey(this.namespace, id))).isTrue();
	}

	@Test
	void plaintextSessionReadsAfterEncryptionIsSwitchedOnAndIsEncryptedAtItsNextWrite() throws Exception {
		String id = save(repository(List.of()));
		assertThat(contains(secretField(id), SECRET.getBytes(StandardCharsets.UTF_8))).isTrue();
		CachePlatformRedisSessionRepository encrypting = repository(List.of(KEY_A));
		RedisSession session = encrypting.findById(id);
		assertThat(session.<String>getAttribute("secret")).isEqualTo(SECRET);
		session.setAttribute("step", 2);
		encrypting.save(session);
		byte[] stored = secretField(id);
		assertThat(contains(stored, SECRET.getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(keyId(stored)).isEqualTo(expectedKeyId(KEY_A));
	}

	private byte[] secretField(String id) {
		return SessionTestSupport.rawField(server, sessionKey(this.namespace, id), "sessionAttr:secret");
	}

	private void setField(String id, String field, byte[] value) {
		try (RespClient client = server.client()) {
			client.commandBinary(SessionTestSupport.bytes("HSET"), SessionTestSupport.bytes(sessionKey(this.namespace, id)),
					SessionTestSupport.bytes(field), value);
		}
	}

	private CachePlatformRedisSessionRepository repository(List<byte[]> keys) {
		return new CachePlatformRedisSessionRepository(factory, this.namespace, SessionTestSupport.codec(keys),
				this.clock);
	}

	private static String save(CachePlatformRedisSessionRepository repository) {
		RedisSession session = repository.createSession();
		session.setAttribute("secret", SECRET);
		repository.save(session);
		return session.getId();
	}

}

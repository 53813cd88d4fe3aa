package dev.cacheplatform.session.redis;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis commands of each operation, exactly as the repository's Javadoc lists them.
 */
class CommandTableTests {

	private static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private static final RedisServer server = RedisServer.builder().start();

	private static final LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);

	private final TestClock clock = new TestClock(SessionTestSupport.START);

	private final CachePlatformRedisSessionRepository repository = new CachePlatformRedisSessionRepository(factory,
			"shop:session", SessionTestSupport.codec(), this.clock);

	@AfterAll
	static void stopServer() {
		factory.destroy();
		server.close();
	}

	@Test
	void commandsPerOperation() {
		this.repository.findById("warm-up");
		assertThat(commands(this.repository::createSession)).isEmpty();
		RedisSession session = this.repository.createSession();
		session.setAttribute("cart", "2 items");
		// The first script call of a server is EVALSHA answered NOSCRIPT, then EVAL
		assertThat(commands(() -> this.repository.save(session)))
			.isEqualTo(Map.of("evalsha", 1L, "eval", 1L, "hset", 1L, "pexpire", 1L));
		assertThat(commands(() -> this.repository.findById(session.getId()))).isEqualTo(Map.of("hgetall", 1L));
		assertThat(commands(() -> this.repository.findById("absent"))).isEqualTo(Map.of("hgetall", 1L, "get", 1L));
		RedisSession unchanged = this.repository.findById(session.getId());
		assertThat(commands(() -> this.repository.save(unchanged))).isEmpty();

		RedisSession login = this.repository.findById(session.getId());
		login.changeSessionId();
		login.setAttribute(PRINCIPAL, "alice");
		assertThat(commands(() -> this.repository.save(login)))
			.isEqualTo(Map.of("pttl", 1L, "sadd", 1L, "pexpire", 2L, "unlink", 2L, "evalsha", 1L, "hset", 1L));

		this.clock.advance(Duration.ofSeconds(61));
		RedisSession touched = this.repository.findById(login.getId());
		assertThat(commands(() -> this.repository.save(touched)))
			.isEqualTo(Map.of("evalsha", 1L, "pexpire", 1L, "hset", 1L));
		RedisSession changed = this.repository.findById(login.getId());
		changed.setAttribute("cart", "3 items");
		changed.removeAttribute("gone");
		assertThat(commands(() -> this.repository.save(changed)))
			.isEqualTo(Map.of("evalsha", 1L, "pexpire", 1L, "hset", 1L, "hdel", 1L));

		this.clock.advance(Duration.ofMinutes(29));
		this.repository.save(this.repository.findById(login.getId()));
		this.clock.advance(Duration.ofMinutes(29));
		this.repository.save(this.repository.findById(login.getId()));
		this.clock.advance(Duration.ofMinutes(2));
		// An hour has passed on the test clock: let it pass for the index key's TTL too
		try (RespClient client = server.client()) {
			client.command("PEXPIRE", "shop:session:index:alice", String.valueOf(Duration.ofMinutes(31).toMillis()));
		}
		RedisSession nextHour = this.repository.findById(login.getId());
		assertThat(commands(() -> this.repository.save(nextHour)))
			.isEqualTo(Map.of("pttl", 1L, "sadd", 1L, "pexpire", 2L, "evalsha", 1L, "hset", 1L));

		RedisSession renamed = this.repository.findById(login.getId());
		renamed.changeSessionId();
		assertThat(commands(() -> this.repository.save(renamed)))
			.isEqualTo(Map.of("pttl", 1L, "sadd", 1L, "unlink", 2L, "evalsha", 1L, "hset", 1L, "pexpire", 1L,
					"srem", 1L));
		assertThat(SessionTestSupport.pttl(server, "shop:session:index:alice"))
			.isGreaterThan(Duration.ofMinutes(90).toMillis());

		assertThat(commands(() -> this.repository.findByPrincipalName("alice")))
			.isEqualTo(Map.of("smembers", 1L, "hgetall", 1L));
		assertThat(commands(() -> this.repository.deleteById(renamed.getId())))
			.isEqualTo(Map.of("hgetall", 1L, "unlink", 1L, "get", 1L, "srem", 1L));
		assertThat(commands(() -> this.repository.deleteById("absent")))
			.isEqualTo(Map.of("hgetall", 1L, "unlink", 1L, "get", 1L));

		RedisSession idle = this.repository.createSession();
		this.repository.save(idle);
		this.clock.advance(Duration.ofMinutes(30));
		assertThat(commands(() -> this.repository.findById(idle.getId())))
			.isEqualTo(Map.of("hgetall", 1L, "unlink", 1L));
	}

	private static Map<String, Long> commands(Runnable operation) {
		server.resetStats();
		operation.run();
		Map<String, Long> stats = new TreeMap<>(server.commandStats());
		stats.remove("config|resetstat");
		return stats;
	}

}

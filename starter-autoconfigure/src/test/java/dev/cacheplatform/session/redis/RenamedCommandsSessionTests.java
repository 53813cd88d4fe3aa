package dev.cacheplatform.session.redis;

import java.time.Duration;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole session life cycle on a server where KEYS, CONFIG, FLUSHDB and FLUSHALL are renamed away, as on
 * managed Redis.
 */
class RenamedCommandsSessionTests {

	@Test
	void fullFlowNeedsNoDangerousCommand() {
		try (RedisServer server = RedisServer.builder().renameDangerousCommands().start()) {
			LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);
			try {
				TestClock clock = new TestClock(SessionTestSupport.START);
				CachePlatformRedisSessionRepository repository = new CachePlatformRedisSessionRepository(factory,
						"shop:session", SessionTestSupport.codec(), clock);
				RedisSession anonymous = repository.createSession();
				anonymous.setAttribute("cart", "3 items");
				repository.save(anonymous);

				RedisSession login = repository.findById(anonymous.getId());
				String id = login.changeSessionId();
				login.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
				repository.save(login);
				assertThat(repository.findById(anonymous.getId())).isNull();

				clock.advance(Duration.ofMinutes(2));
				RedisSession touched = repository.findById(id);
				assertThat(touched.<String>getAttribute("cart")).isEqualTo("3 items");
				repository.save(touched);
				assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(id);

				RedisSession other = repository.createSession();
				other.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
				repository.save(other);
				repository.deleteById(other.getId());
				assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(id);

				clock.advance(Duration.ofMinutes(31));
				assertThat(repository.findById(id)).isNull();
				assertThat(repository.findByPrincipalName("alice")).isEmpty();
				assertThat(server.commandStats()).doesNotContainKeys("keys", "config", "flushdb", "flushall", "scan",
						"rename");
				assertThat(server.keys(0)).isEmpty();
			}
			finally {
				factory.destroy();
			}
		}
	}

}

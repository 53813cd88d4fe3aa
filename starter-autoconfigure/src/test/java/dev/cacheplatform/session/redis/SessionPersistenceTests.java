package dev.cacheplatform.session.redis;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.session.redis.fixtures.CartLine;
import dev.cacheplatform.testsupport.AppendOnlyFile;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session written to a persistent Redis (AOF, fsync every second) survives a SIGKILL of the server.
 */
class SessionPersistenceTests {

	@Test
	void savedSessionSurvivesKillAndRestart() throws Exception {
		try (RedisServer server = RedisServer.builder().persistence().start()) {
			String namespace = SessionTestSupport.namespace();
			TestClock clock = new TestClock(SessionTestSupport.START);
			String id;
			LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);
			try {
				CachePlatformRedisSessionRepository repository = repository(factory, namespace, clock);
				RedisSession session = repository.createSession();
				session.setAttribute("cart", new CartLine("sku-9", 3));
				repository.save(session);
				id = session.getId();
			}
			finally {
				factory.destroy();
			}
			// Once in the AOF file (the page cache), a SIGKILL of the process cannot lose it
			AppendOnlyFile.awaitContains(server, SessionTestSupport.sessionKey(namespace, id));
			server.kill();
			server.restart();
			LettuceConnectionFactory fresh = SessionTestSupport.connectionFactory(server);
			try {
				RedisSession found = repository(fresh, namespace, clock).findById(id);
				assertThat(found).isNotNull();
				assertThat(found.<CartLine>getAttribute("cart")).isEqualTo(new CartLine("sku-9", 3));
			}
			finally {
				fresh.destroy();
			}
		}
	}

	private static CachePlatformRedisSessionRepository repository(LettuceConnectionFactory factory, String namespace,
			TestClock clock) {
		return new CachePlatformRedisSessionRepository(factory, namespace, SessionTestSupport.codec(), clock);
	}

}

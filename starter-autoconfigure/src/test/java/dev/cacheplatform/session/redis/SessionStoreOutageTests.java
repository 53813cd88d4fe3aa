package dev.cacheplatform.session.redis;

import java.time.Duration;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository.RedisSession;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Redis killed under the repository: every operation fails fast with {@link SessionStoreUnavailableException},
 * and works again once Redis is back, without a new connection factory.
 */
class SessionStoreOutageTests {

	@Test
	void killedServerMeansPromptSessionStoreUnavailableAndRecoveryAfterRestart() {
		try (RedisServer server = RedisServer.builder().start()) {
			LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);
			try {
				TestClock clock = new TestClock(SessionTestSupport.START);
				CachePlatformRedisSessionRepository repository = new CachePlatformRedisSessionRepository(factory,
						SessionTestSupport.namespace(), SessionTestSupport.codec(), clock);
				RedisSession session = repository.createSession();
				session.setAttribute("secret-attribute", "secret-value");
				repository.save(session);
				String id = session.getId();
				server.kill();
				session.setAttribute("changed", 1);
				assertUnavailable(() -> repository.findById(id), id);
				assertUnavailable(() -> repository.save(session), id);
				assertUnavailable(() -> repository.deleteById(id), id);
				assertUnavailable(() -> repository.findByPrincipalName("alice"), id);
				server.restart();
				awaitRecovery(repository, id);
			}
			finally {
				factory.destroy();
			}
		}
	}

	@Test
	void exceptionIsADataAccessExceptionSoExistingHandlersKeepWorking() {
		assertThat(new SessionStoreUnavailableException("read a session", new IllegalStateException("x")))
			.isInstanceOf(DataAccessException.class);
	}

	private static void assertUnavailable(Executable operation, String id) {
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(operation::execute);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(SessionStoreUnavailableException.class);
		assertThat(thrown.getMessage()).startsWith("Session store unavailable")
			.doesNotContain(id)
			.doesNotContain("secret");
		assertThat(took).as("no hang past the command timeout").isLessThan(Duration.ofSeconds(3));
	}

	/** Bounded poll: the server restarted empty (no persistence), so "absent" without an exception. */
	private static void awaitRecovery(CachePlatformRedisSessionRepository repository, String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			try {
				assertThat(repository.findById(id)).isNull();
				return;
			}
			catch (SessionStoreUnavailableException ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("the repository did not recover within 20 s", ex);
				}
				java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			}
		}
	}

}

package dev.cacheplatform.session.redis;

import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store's counters against a real redis-server, each request driven the way Spring Session's filter
 * drives the repository (look up, commit, look up again, commit again, inside a request scope): requests
 * that read an unchanged session come out at 1.00 command per request, and the count of commands agrees
 * with what the server itself counted.
 */
class SessionStoreCountersTests {

	private static final RedisServer server = RedisServer.builder().start();

	private static final LettuceConnectionFactory factory = SessionTestSupport.connectionFactory(server);

	private final TestClock clock = new TestClock(SessionTestSupport.START);

	private CachePlatformRedisSessionRepository repository;

	@BeforeEach
	void createRepository() {
		this.repository = new CachePlatformRedisSessionRepository(factory, SessionTestSupport.namespace(),
				SessionTestSupport.codec(), this.clock);
	}

	@AfterAll
	static void stopServer() {
		factory.destroy();
		server.close();
	}

	@Test
	void requestsReadingAnUnchangedSessionCostOneCommandEach() {
		String id;
		try (SessionRequestScope scope = SessionRequestScope.open()) {
			CachePlatformRedisSessionRepository.RedisSession session = this.repository.createSession();
			session.setAttribute("cart", "3 items");
			this.repository.save(session);
			id = session.getId();
		}
		SessionStoreCounters counters = this.repository.counters();
		long requestsBefore = counters.requests();
		long commandsBefore = counters.commands();
		server.resetStats();
		for (int i = 0; i < 20; i++) {
			try (SessionRequestScope scope = SessionRequestScope.open()) {
				CachePlatformRedisSessionRepository.RedisSession session = this.repository.findById(id);
				assertThat(session).isNotNull();
				assertThat((String) session.getAttribute("cart")).isEqualTo("3 items");
				this.repository.save(session);
				this.repository.save(this.repository.findById(id));
			}
		}
		long requests = counters.requests() - requestsBefore;
		long commands = counters.commands() - commandsBefore;
		assertThat(requests).isEqualTo(20);
		assertThat(String.format("%.2f", (double) commands / requests)).isEqualTo("1.00");
		assertThat(SessionTestSupport.dataCommands(server.commandStats())).as("what the server counted")
			.isEqualTo(commands);
		assertThat(counters.reads()).isEqualTo(20);
		assertThat(counters.writes()).isEqualTo(1);
	}

	@Test
	void aChangedSessionCountsItsWriteAndItsCommands() {
		CachePlatformRedisSessionRepository.RedisSession created = this.repository.createSession();
		this.repository.save(created);
		SessionStoreCounters counters = this.repository.counters();
		long commandsBefore = counters.commands();
		try (SessionRequestScope scope = SessionRequestScope.open()) {
			CachePlatformRedisSessionRepository.RedisSession session = this.repository.findById(created.getId());
			session.setAttribute("theme", "dark");
			this.repository.save(session);
		}
		assertThat(counters.writes()).isEqualTo(2);
		assertThat(counters.commands() - commandsBefore).as("HGETALL, EVALSHA").isEqualTo(2);
		assertThat(counters.requests()).isEqualTo(1);
	}

	@Test
	void anUnavailableStoreIsCountedAsAFailure() {
		RedisServer gone = RedisServer.builder().start();
		LettuceConnectionFactory goneFactory = SessionTestSupport.connectionFactory(gone);
		try {
			CachePlatformRedisSessionRepository store = new CachePlatformRedisSessionRepository(goneFactory,
					SessionTestSupport.namespace(), SessionTestSupport.codec(), this.clock);
			gone.stop();
			try (SessionRequestScope scope = SessionRequestScope.open()) {
				assertThatExceptionOfType(SessionStoreUnavailableException.class)
					.isThrownBy(() -> store.findById("some-id"));
			}
			assertThat(store.counters().failures(SessionStoreCounters.Failure.UNAVAILABLE)).isEqualTo(1);
			assertThat(store.counters().failures(SessionStoreCounters.Failure.UNREADABLE)).isZero();
		}
		finally {
			goneFactory.destroy();
			gone.close();
		}
	}

}

package dev.cacheplatform.metrics.session;


import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.memory.BoundedSessionMap;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The session store meters of every store, against real servers: Cache Platform's Redis repository, Spring
 * Session's indexed repository and the memory store each show {@code session.store.reads} and
 * {@code session.store.writes} moving by what the application did, under the same names and told apart by
 * {@code store}; the indexed repository's failures are counted by kind as Redis freezes or holds garbage.
 */
class SessionStoreMetersTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformSessionAutoConfiguration.class,
				SessionAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				CachePlatformSessionMetricsAutoConfiguration.class))
		.withPropertyValues("cache-platform.redis.check-server-setup=false");

	@Test
	void redisRepositoryMetersCountWhatTheRepositoryDid() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
			MeterRegistry registry = registry(context);
			CachePlatformRedisSessionRepository repository = context.getBean(CachePlatformRedisSessionRepository.class);
			repository.save(repository.createSession());
			assertThat(count(registry, "session.store.writes", "redis")).isEqualTo(1);
			assertThat(count(registry, "session.store.commands", "redis")).isEqualTo(repository.counters().commands())
				.isPositive();
			assertThat(registry.get("session.store.failures").tags("store", "redis", "kind", "unavailable")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void memoryStoreCountsReadsAndWritesOfItsMapAndHasNoCommandOrFailureMeters() {
		this.runner.withPropertyValues("cache-platform.session.store=memory").run((context) -> {
			MeterRegistry registry = registry(context);
			@SuppressWarnings("unchecked")
			SessionRepository<Session> repository = context.getBean(SessionRepository.class);
			assertThat(repository).isInstanceOf(MapSessionRepository.class);
			Session session = repository.createSession();
			session.setAttribute("cart", "3 items");
			repository.save(session);
			for (int i = 0; i < 3; i++) {
				assertThat((String) repository.findById(session.getId()).getAttribute("cart")).isEqualTo("3 items");
			}
			assertThat(repository.findById("no-such-session")).isNull();
			assertThat(context.getBean(BoundedSessionMap.class).asMap()).as("the proxy wrote to the bounded map")
				.containsKey(session.getId());
			repository.deleteById(session.getId());
			assertThat(context.getBean(BoundedSessionMap.class).asMap()).doesNotContainKey(session.getId());

			assertThat(count(registry, "session.store.reads", "memory")).isEqualTo(4);
			assertThat(count(registry, "session.store.writes", "memory")).isEqualTo(2);
			assertThat(registry.find("session.store.commands").meters()).isEmpty();
			assertThat(registry.find("session.store.requests").meters()).isEmpty();
			assertThat(registry.find("session.store.failures").meters()).isEmpty();
		});
	}

	@Test
	void indexedRepositoryCountsReadsWritesAndFailuresByKind() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.session.data.redis.repository-type=indexed",
					"cache-platform.session.namespace=indexed-meters")
			.run((context) -> {
				MeterRegistry registry = registry(context);
				RedisIndexedSessionRepository repository = context.getBean(RedisIndexedSessionRepository.class);
				RedisIndexedSessionRepository.RedisSession session = repository.createSession();
				session.setAttribute("cart", "3 items");
				repository.save(session);
				String id = session.getId();
				server.resetStats();
				for (int i = 0; i < 5; i++) {
					assertThat((String) repository.findById(id).getAttribute("cart")).isEqualTo("3 items");
				}
				assertThat(count(registry, "session.store.reads", "redis")).isEqualTo(5)
					.as("each read is one HGETALL on the server")
					.isEqualTo((double) server.commandStats().getOrDefault("hgetall", 0L));
				assertThat(count(registry, "session.store.writes", "redis")).isEqualTo(1);
				assertThat(registry.find("session.store.commands").meters()).as("not counted for this repository")
					.isEmpty();

				try (RespClient client = server.client(0)) {
					client.command("HSET", "indexed-meters:sessions:" + id, "sessionAttr:cart", "not serialized");
				}
				assertThat(catchThrowable(() -> repository.findById(id))).isNotNull();
				assertThat(failures(registry, "unreadable")).isEqualTo(1);
				assertThat(failures(registry, "unavailable")).isZero();

				server.pause();
				Throwable frozen;
				try {
					frozen = catchThrowable(() -> repository.findById(id));
				}
				finally {
					server.resume();
				}
				assertThat(frozen).isNotNull();
				assertThat(failures(registry, "unavailable")).isEqualTo(1);
				assertThat(count(registry, "session.store.reads", "redis")).isEqualTo(7);
			});
	}

	@Test
	void withoutAMeterRegistryNoRepositoryIsWrapped() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformSessionAutoConfiguration.class,
					SessionAutoConfiguration.class, CachePlatformSessionMetricsAutoConfiguration.class))
			.withPropertyValues("cache-platform.session.store=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(SessionStoreMeterBinder.class);
				assertThat(context.getBean(SessionRepository.class).getClass()).isEqualTo(MapSessionRepository.class);
			});
	}

	private static MeterRegistry registry(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(MeterRegistry.class);
	}

	private static double count(MeterRegistry registry, String name, String store) {
		FunctionCounter counter = registry.get(name).tag("store", store).functionCounter();
		return counter.count();
	}

	private static double failures(MeterRegistry registry, String kind) {
		return registry.get("session.store.failures").tags("store", "redis", "kind", kind).functionCounter().count();
	}

}

package dev.cacheplatform.metrics.redis;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis server gauges per role against a real redis-server: they move with the server (memory after
 * writes, keyspace hits after reads, evictions under a tiny maxmemory), a server shared by two roles is
 * read once, and reading the meters sends nothing. The schedule is an hour, so only the reads the test
 * triggers (as the schedule would) change anything.
 */
class RedisInfoMetricsTests {

	private static final String VALUE = "x".repeat(1024);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformSessionAutoConfiguration.class, SessionAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, CachePlatformRedisInfoMetricsAutoConfiguration.class))
		.withPropertyValues("cache-platform.metrics.redis-info-interval=1h",
				"cache-platform.redis.check-server-setup=false");

	@Test
	void gaugesFollowTheServerAndASharedServerIsReadOncePerInterval() {
		try (RedisServer server = RedisServer.builder().start(); RespClient client = server.client(1)) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				MeterRegistry registry = bind(context);
				RedisInfoScheduler scheduler = context.getBean(RedisInfoScheduler.class);
				assertThat(scheduler.readers()).hasSize(1);
				assertThat(registry.get("redis.memory.used").tag("role", "cache").gauge().value())
					.as("the first scheduled read has run").isPositive();
				Tags cache = Tags.of("role", "cache", "server", server.host() + ":" + server.port());
				Tags session = Tags.of("role", "session", "server", server.host() + ":" + server.port());
				server.resetStats();
				for (int i = 0; i < 10; i++) {
					registry.get("redis.memory.used").tags(cache).gauge().value();
					registry.get("redis.keyspace.hits").tags(session).functionCounter().count();
				}
				assertThat(server.commandStats()).as("reading meters sends nothing").doesNotContainKey("info");
				server.resetStats(); // commandStats() itself sends INFO commandstats
				scheduler.refreshAll();
				assertThat(server.commandStats()).as("two roles, one server, one read").containsEntry("info", 1L);

				double usedBefore = registry.get("redis.memory.used").tags(cache).gauge().value();
				double hitsBefore = registry.get("redis.keyspace.hits").tags(cache).functionCounter().count();
				assertThat(usedBefore).isPositive();
				assertThat(registry.get("redis.clients.connected").tags(session).gauge().value()).isPositive();
				for (int i = 0; i < 500; i++) {
					client.set("k" + i, VALUE);
				}
				for (int i = 0; i < 200; i++) {
					client.get("k" + i);
				}
				scheduler.refreshAll();
				assertThat(registry.get("redis.memory.used").tags(cache).gauge().value())
					.isGreaterThan(usedBefore + 400 * 1024);
				assertThat(registry.get("redis.keyspace.hits").tags(cache).functionCounter().count())
					.isEqualTo(hitsBefore + 200);
				assertThat(registry.get("redis.keyspace.hits").tags(session).functionCounter().count())
					.isEqualTo(hitsBefore + 200);
				assertThat(registry.get("redis.memory.max").tags(cache).gauge().value()).isZero();
			});
		}
	}

	@Test
	void evictionsOfATinyCacheServerAreCountedForTheCacheRoleOnly() {
		try (RedisServer cache = RedisServer.builder().config("maxmemory", "2mb")
			.config("maxmemory-policy", "allkeys-lru")
			.start(); RedisServer session = RedisServer.builder().start(); RespClient client = cache.client(1)) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("CACHE_REDIS_URL", cache.url(), "SESSION_REDIS_URL",
						session.url()))
				.run((context) -> {
					MeterRegistry registry = bind(context);
					RedisInfoScheduler scheduler = context.getBean(RedisInfoScheduler.class);
					assertThat(scheduler.readers()).hasSize(2);
					for (int i = 0; i < 5000; i++) {
						client.set("k" + i, VALUE);
					}
					scheduler.refreshAll();
					assertThat(registry.get("redis.keys.evicted").tag("role", "cache").functionCounter().count())
						.isPositive();
					assertThat(registry.get("redis.memory.max").tag("role", "cache").gauge().value())
						.isEqualTo(2 * 1024 * 1024);
					assertThat(registry.get("redis.keys.evicted").tag("role", "session").functionCounter().count())
						.isZero();
					assertThat(registry.get("redis.memory.used").tag("role", "session").gauge().value()).isPositive();
				});
		}
	}

	@Test
	void aZeroIntervalIsRejectedNamingThePropertyInsteadOfReadingInfoEveryMillisecond() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
				.withPropertyValues("cache-platform.metrics.redis-info-interval=0s")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessage("cache-platform.metrics.redis-info-interval must be a positive duration, such as 15s, "
								+ "but was PT0S");
				});
		}
	}

	@Test
	void memoryDriverAndMemorySessionsHaveNoRedisGauges() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisInfoMeterBinder.class);
		});
	}

	// Binding starts the schedule, whose first read is due at once; wait for it so only the test's reads follow
	private static MeterRegistry bind(AssertableWebApplicationContext context) throws Exception {
		assertThat(context).hasNotFailed();
		MeterRegistry registry = new SimpleMeterRegistry();
		context.getBean(RedisInfoMeterBinder.class).bindTo(registry);
		context.getBean(RedisInfoScheduler.class).awaitDueReads();
		return registry;
	}

}

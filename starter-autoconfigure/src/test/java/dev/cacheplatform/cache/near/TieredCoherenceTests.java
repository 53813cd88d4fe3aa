package dev.cacheplatform.cache.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (application contexts) with {@code CACHE_DRIVER=tiered} on one Redis: what one writes, the
 * other's level one stops serving as soon as Redis reports it; a lost report connection empties level one;
 * evictions replayed after an outage reach the other's level one; on standalone, cluster and sentinel.
 * Waits are bounded polls for asynchronous delivery, not timing assertions (the delivery latency is measured
 * by the {@code InvalidationLatency} benchmark).
 */
class TieredCoherenceTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private ApplicationContextRunner runner(String... environment) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
					CachePlatformAutoConfiguration.class))
			.withInitializer(EnvironmentVariablesInitializer.of(environment))
			.withPropertyValues("cache-platform.cache.driver=tiered", "cache-platform.cache.prefix=shop:",
					"cache-platform.cache.tiered.tracking-check-interval=200ms",
					"cache-platform.cache.breaker.replay-interval=100ms", "cache-platform.redis.command-timeout=1s");
	}

	@Test
	void aWriteOnOneInstanceStopsTheOthersLevelOneFromServingTheOldValue() {
		try (RedisServer server = RedisServer.builder().start()) {
			twoInstances(runner("REDIS_URL", server.url()), (a, b) -> {
				write(a, b, "rate", "1.08");
				holdInLevelOne(b, "rate");
				server.resetStats();
				assertThat(cache(b).get("rate").get()).isEqualTo("1.08");
				assertThat(server.commandStats()).as("a level-one hit sends nothing").doesNotContainKeys("getrange");
				cache(a).put("rate", "1.09");
				await(() -> "1.09".equals(cache(b).get("rate").get()));
				cache(a).evict("rate");
				await(() -> cache(b).get("rate") == null);
			});
		}
	}

	@Test
	void everyOneOfManyQuickUpdatesReachesTheOtherInstanceWhileItIsBusyReading() {
		try (RedisServer server = RedisServer.builder().start()) {
			// entries expire all the time, so refills also replace expired entries
			twoInstances(runner("REDIS_URL", server.url()).withPropertyValues("cache-platform.cache.tiered.local-ttl=5ms"),
					(a, b) -> {
				AtomicBoolean reading = new AtomicBoolean(true);
				// browsers hammering b refill its level one the moment a report empties it
				List<Thread> readers = IntStream.range(0, 4)
					.mapToObj((i) -> new Thread(() -> {
						while (reading.get()) {
							cache(b).get("rate");
						}
					}))
					.toList();
				readers.forEach(Thread::start);
				try {
					for (int round = 0; round < 50; round++) {
						String value = "1." + round;
						cache(a).put("rate", value);
						await(() -> {
							Cache.ValueWrapper seen = cache(b).get("rate");
							return seen != null && value.equals(seen.get());
						});
					}
				}
				finally {
					reading.set(false);
					readers.forEach(TieredCoherenceTests::join);
				}
			});
		}
	}

	@Test
	void aKilledReportConnectionEmptiesLevelOneAndNothingOlderIsServed() {
		try (RedisServer server = RedisServer.builder().start()) {
			twoInstances(runner("REDIS_URL", server.url()), (a, b) -> {
				write(a, b, "rate", "1.08");
				holdInLevelOne(b, "rate");
				try (RespClient admin = server.client(0)) {
					for (String id : RedisKeyTrackingTests.trackingClientIds(admin)) {
						admin.command("CLIENT", "KILL", "ID", id);
					}
					// Written straight into Redis, as another tool would, while the reports are down
					admin.command("SELECT", "1");
					admin.command("SET", "shop:rates::rate", "not-an-envelope");
				}
				await(() -> near(b).size() == 0);
				assertThat(cache(b).get("rate")).as("the unreadable value is a miss, never the old 1.08").isNull();
				await(() -> near(b).isTracking());
			});
		}
	}

	@Test
	void evictionsReplayedAfterAnOutageReachTheOthersLevelOne() {
		try (RedisServer server = RedisServer.builder().start()) {
			twoInstances(runner("REDIS_URL", server.url()), (a, b) -> {
				write(a, b, "rate", "1.08");
				holdInLevelOne(b, "rate");
				server.pause();
				try {
					cache(a).evict("rate"); // kept: Redis does not answer
				}
				finally {
					server.resume();
				}
				await(() -> server.keys(1).isEmpty());
				await(() -> cache(b).get("rate") == null);
			});
		}
	}

	@Test
	void onAClusterWritesToKeysOnEveryMasterReachTheOthersLevelOne() {
		try (RedisCluster cluster = RedisCluster.start(3)) {
			twoInstances(runner("REDIS_CLUSTER_NODES", cluster.seeds()), (a, b) -> {
				List<String> keys = new ArrayList<>();
				for (int i = 0; i < 12; i++) {
					keys.add("k" + i);
					write(a, b, "k" + i, "old");
				}
				assertThat(keys.stream().map((key) -> cluster.nodeFor("shop:rates::" + key)).distinct())
					.as("the keys live on every master").hasSize(3);
				for (String key : keys) {
					holdInLevelOne(b, key);
				}
				for (String key : keys) {
					cache(a).put(key, "new");
				}
				for (String key : keys) {
					await(() -> "new".equals(cache(b).get(key).get()));
				}
			});
		}
	}

	@Test
	void behindSentinelAWriteReachesTheOthersLevelOne() {
		try (RedisSentinel sentinel = RedisSentinel.start("mymaster")) {
			twoInstances(runner("REDIS_SENTINEL_MASTER", "mymaster", "REDIS_SENTINEL_NODES", sentinel.nodes()),
					(a, b) -> {
						write(a, b, "rate", "1.08");
						holdInLevelOne(b, "rate");
						cache(a).put("rate", "1.09");
						await(() -> "1.09".equals(cache(b).get("rate").get()));
					});
		}
	}

	private static void twoInstances(ApplicationContextRunner runner, TwoInstances test) {
		runner.run((a) -> runner.run((b) -> {
			assertThat(a).hasNotFailed();
			assertThat(b).hasNotFailed();
			await(() -> near(a).isTracking() && near(b).isTracking());
			test.accept(a, b);
		}));
	}

	/** Writes on a and waits until b has heard of it, so the report cannot drop what b keeps afterwards. */
	private static void write(AssertableApplicationContext a, AssertableApplicationContext b, String key,
			String value) {
		long reports = near(b).reportsReceived();
		cache(a).put(key, value);
		await(() -> near(b).reportsReceived() > reports);
	}

	/** Reads until the entry is in level one. */
	private static void holdInLevelOne(AssertableApplicationContext context, String key) {
		long before = near(context).size();
		await(() -> {
			cache(context).get(key);
			return near(context).size() > before;
		});
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Cache cache(AssertableApplicationContext context) {
		return context.getBean(CacheManager.class).getCache("rates");
	}

	private static NearCache near(AssertableApplicationContext context) {
		return context.getBean(NearCache.class);
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within " + WAIT).isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	@FunctionalInterface
	private interface TwoInstances {

		void accept(AssertableApplicationContext a, AssertableApplicationContext b);

	}

}

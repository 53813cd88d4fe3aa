package dev.cacheplatform.cache.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code CompletableFuture}-returning {@code @Cacheable} method on the Redis driver really is asynchronous:
 * the caller's thread gets its future back without waiting for Redis (here: a frozen Redis), and the future
 * completes when Redis answers, with the same commands a blocking read sends. (The first asynchronous call
 * after startup or a reconnect opens Spring Data Redis's shared reactive connection on the caller's thread.)
 */
class AsyncRetrieveTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(AsyncService.class)
		// A timeout longer than the freeze, so the frozen read completes with the value once Redis answers
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url(), "REDIS_COMMAND_TIMEOUT",
				"10s"))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache");

	@Test
	void asyncMethodLoadsOnceAndIsThenAHitOfOneGetrange() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.greeting("ada")).succeedsWithin(WAIT).isEqualTo("hello ada");
			this.server.resetStats();
			assertThat(service.greeting("ada")).succeedsWithin(WAIT).isEqualTo("hello ada");
			assertThat(service.loads()).isEqualTo(1);
			assertThat(this.server.commandStats()).containsEntry("getrange", 1L).doesNotContainKeys("get", "set", "strlen");
		});
	}

	@Test
	void retrieveReturnsAtOnceWhileRedisIsFrozenAndCompletesWhenItAnswers() {
		this.runner.run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("greetings");
			cache.put("ada", "hello ada");
			// The first asynchronous call opens Spring Data's shared reactive connection, on the caller's thread
			assertThat(cache.retrieve("bob")).succeedsWithin(WAIT).isNull();
			this.server.pause();
			CompletableFuture<?> pending;
			try {
				pending = cache.retrieve("ada");
				assertThat(pending).as("the caller got its future without waiting for Redis").isNotNull().isNotDone();
			}
			finally {
				this.server.resume();
			}
			assertThat(pending).succeedsWithin(WAIT)
				.isInstanceOfSatisfying(Cache.ValueWrapper.class, (wrapper) -> assertThat(wrapper.get()).isEqualTo("hello ada"));
		});
	}

	/** A service with an asynchronous cached method. */
	static class AsyncService {

		private final AtomicInteger loads = new AtomicInteger();

		public int loads() {
			return this.loads.get();
		}

		@Cacheable("greetings")
		public CompletableFuture<String> greeting(String name) {
			this.loads.incrementAndGet();
			return CompletableFuture.completedFuture("hello " + name);
		}

	}

}

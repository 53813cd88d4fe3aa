package dev.cacheplatform.cache.redis;

import java.time.Duration;
import java.util.function.Consumer;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped, frozen or absent while cached methods are called: every call answers with the method's
 * value, and once Redis is back hits resume without restarting the application.
 */
class RedisOutageTests {

	private static final int CALLS = 60;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.breaker.wait-in-open-state=300ms");

	@Test
	void killedServerMeansCallsRunTheMethodAndHitsResumeAfterRestart() {
		try (RedisServer server = RedisServer.builder().start()) {
			run(server, (context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.product(1);
				server.kill();
				for (int i = 0; i < CALLS; i++) {
					assertThat(service.product(1).name()).isEqualTo("product-1");
				}
				assertThat(service.productLoads()).hasValue(1 + CALLS);
				CacheFaultCounters counters = context.getBean(CacheFaultCounters.class);
				assertThat(counters.count(CacheFaultCounters.Kind.GET_FAILED)).isPositive();
				assertThat(counters.count(CacheFaultCounters.Kind.SHORT_CIRCUITED)).isPositive();
				assertThat(context.getBean(CacheFaultPolicy.class).state()).isEqualTo(CircuitBreaker.State.OPEN);
				server.restart();
				awaitHitsResume(service);
			});
		}
	}

	@Test
	void frozenServerMeansCallsRunTheMethodAndHitsResumeAfterThaw() {
		try (RedisServer server = RedisServer.builder().start()) {
			run(server, (context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.product(2);
				server.pause();
				try {
					for (int i = 0; i < 30; i++) {
						assertThat(service.product(2).name()).isEqualTo("product-2");
					}
					assertThat(service.productLoads()).hasValue(31);
					assertThat(context.getBean(CacheFaultPolicy.class).state()).isEqualTo(CircuitBreaker.State.OPEN);
				}
				finally {
					server.resume();
				}
				awaitHitsResume(service);
			});
		}
	}

	@Test
	void evictionDuringAnOutageIsSentOnceRedisAnswersSoTheStaleEntryIsNeverRead() {
		try (RedisServer server = RedisServer.builder().start()) {
			run(server, (context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.product(4);
				service.product(5);
				server.pause();
				try {
					// The update happens while Redis is frozen: the eviction cannot reach it
					service.evict(4);
					service.clearAll();
				}
				finally {
					server.resume();
				}
				awaitHitsResume(service);
				assertThat(server.keys(1)).containsExactly("products::99");
				int loads = service.productLoads().get();
				service.product(4);
				service.product(5);
				assertThat(service.productLoads()).hasValue(loads + 2);
			});
		}
	}

	@Test
	void applicationStartsWhileRedisIsDownAndCachesOnceItIsUp() {
		RedisServer server = RedisServer.builder().start();
		try {
			server.kill();
			run(server, (context) -> {
				CountingService service = context.getBean(CountingService.class);
				assertThat(service.product(3).name()).isEqualTo("product-3");
				server.restart();
				awaitHitsResume(service);
			});
		}
		finally {
			server.close();
		}
	}

	private void run(RedisServer server, Consumer<AssertableApplicationContext> scenario) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				scenario.accept(context);
			});
	}

	/** Polls (bounded) until two calls in a row are answered from Redis. */
	private static void awaitHitsResume(CountingService service) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			service.product(99);
			int before = service.productLoads().get();
			service.product(99);
			if (service.productLoads().get() == before) {
				return;
			}
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		throw new AssertionError("cache hits did not resume within 20 s after Redis came back");
	}

}

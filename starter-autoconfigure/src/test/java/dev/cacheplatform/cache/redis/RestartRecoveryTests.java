package dev.cacheplatform.cache.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.CacheFaultSettings;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache Redis stopped and started again on the same port: once the breaker's wait is over, its first
 * trial call reaches the restarted server, even when Lettuce's own reconnect would still be waiting out
 * its backoff. Time is a fake clock driving the breaker; progress is counted in calls, never in seconds.
 */
class RestartRecoveryTests {

	private static final Duration WAIT_IN_OPEN_STATE = CacheFaultSettings.defaults().waitInOpenState();

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withBean(CacheFaultPolicy.class,
				() -> new CacheFaultPolicy("redis-cache", "Redis cache role", CacheFaultSettings.defaults(),
						new CacheFaultCounters(), this.nanos::get))
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url()))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache");

	@Test
	void firstTrialCallAfterTheWaitReachesARestartedServerWhileLettuceIsStillBackingOff() {
		// Lettuce after a long outage: its next reconnect attempt is an hour away
		this.runner.withBean(ClientResources.class,
				() -> DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofHours(1))).build())
			.run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				CacheFaultPolicy breaker = context.getBean(CacheFaultPolicy.class);
				assertThat(callsUntilHit(service, 1)).isEqualTo(2);
				this.server.stop();
				int calls = 0;
				while (breaker.state() != CircuitBreaker.State.OPEN && calls < 100) {
					assertThat(service.product(1).name()).isEqualTo("product-1");
					calls++;
				}
				assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
				this.server.restart();
				this.nanos.addAndGet(WAIT_IN_OPEN_STATE.plusMillis(1).toNanos());
				// The restart lost the entry: the first call loads and stores it, the second is a hit
				assertThat(callsUntilHit(service, 1)).isEqualTo(2);
				assertThat(breaker.state()).isNotEqualTo(CircuitBreaker.State.OPEN);
			});
	}

	@Test
	void withDefaultResourcesHitsResumeWithinTwoCallsAfterTheWait() {
		this.runner.run((context) -> {
			CountingService service = context.getBean(CountingService.class);
			CacheFaultPolicy breaker = context.getBean(CacheFaultPolicy.class);
			service.product(2);
			this.server.stop();
			for (int i = 0; i < 100 && breaker.state() != CircuitBreaker.State.OPEN; i++) {
				service.product(2);
			}
			assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
			this.server.restart();
			this.nanos.addAndGet(WAIT_IN_OPEN_STATE.plusMillis(1).toNanos());
			assertThat(callsUntilHit(service, 2)).isEqualTo(2);
			assertThat(this.server.commandStats()).containsEntry("getrange", 2L).containsEntry("set", 1L);
		});
	}

	/** Calls until one is answered from the cache (the method did not run), at most 50. */
	private static int callsUntilHit(CountingService service, long id) {
		for (int calls = 1; calls <= 50; calls++) {
			int loads = service.productLoads().get();
			service.product(id);
			if (service.productLoads().get() == loads) {
				return calls;
			}
		}
		return Integer.MAX_VALUE;
	}

}

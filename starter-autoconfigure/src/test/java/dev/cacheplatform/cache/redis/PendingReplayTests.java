package dev.cacheplatform.cache.redis;

import java.time.Duration;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An eviction made while Redis was frozen reaches Redis once it answers, without waiting for this instance's
 * next cache call: other instances read Redis too, and would read the evicted entry until then.
 */
class PendingReplayTests {

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url()))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.breaker.replay-interval=100ms");

	@Test
	void evictionKeptDuringAnOutageReachesRedisWithoutAnotherCall() {
		this.runner.run((context) -> {
			CountingService service = context.getBean(CountingService.class);
			service.product(1);
			assertThat(this.server.keys(1)).containsExactly("products::1");
			this.server.pause();
			try {
				service.evict(1);
			}
			finally {
				this.server.resume();
			}
			// What another instance sees, with no further call on this one
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (this.server.keys(1).contains("products::1") && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(this.server.keys(1)).isEmpty();
			assertThat(service.productLoads()).hasValue(1);
		});
	}

}

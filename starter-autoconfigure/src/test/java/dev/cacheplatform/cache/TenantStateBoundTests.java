package dev.cacheplatform.cache;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million distinct tenant ids (a hostile or buggy client sending a new header value per request) keep a
 * bounded number of cache objects ({@code cache-platform.cache.max-tenant-caches}), whatever the driver;
 * an entry outlives its cache object being dropped and rebuilt.
 */
class TenantStateBoundTests {

	private static final int TENANTS = 1_000_000;

	private static final int BOUND = 1_000;

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.max-tenant-caches=" + BOUND);

	@Test
	void memoryDriverKeepsABoundedNumberOfTenantCachesAndLosesNoEntry() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memory", "CACHE_MAX_CAPACITY",
				"100"))
			.run((context) -> {
				CachePlatformCacheManager manager = context.getBean(CachePlatformCacheManager.class);
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("first", () -> service.product(1));
				for (int i = 0; i < TENANTS; i++) {
					TenantScope.run("t" + i, () -> manager.getCache("products").get(1L));
				}
				assertThat(manager.getPipeline().assembledCaches()).isLessThanOrEqualTo(BOUND);
				TenantScope.run("first", () -> service.product(1));
				assertThat(service.productLoads()).as("the first tenant's entry survived its cache object").hasValue(1);
			});
	}

	@Test
	void redisDriverKeepsABoundedNumberOfTenantCaches() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url()))
			.withPropertyValues("cache-platform.cache.breaker.minimum-calls=2",
					"cache-platform.cache.breaker.sliding-window-size=2")
			.run((context) -> {
				CachePlatformCacheManager manager = context.getBean(CachePlatformCacheManager.class);
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("first", () -> service.product(1));
				for (int i = 0; i < 2 * BOUND; i++) {
					TenantScope.run("t" + i, () -> manager.getCache("products").get(1L));
				}
				assertThat(manager.getPipeline().assembledCaches()).isLessThanOrEqualTo(BOUND);
				TenantScope.run("first", () -> service.product(1));
				assertThat(service.productLoads()).as("the first tenant's entry survived its cache object").hasValue(1);
				// Many more without a round trip each (the memory test above runs the full million): with the server gone the breaker opens and
				// calls are answered as misses without reaching Redis, but every tenant still gets its cache
				this.server.stop();
				for (int i = 0; i < TENANTS / 10; i++) {
					TenantScope.run("u" + i, () -> manager.getCache("products").get(1L));
				}
				assertThat(manager.getPipeline().assembledCaches()).isLessThanOrEqualTo(BOUND);
			});
	}

}

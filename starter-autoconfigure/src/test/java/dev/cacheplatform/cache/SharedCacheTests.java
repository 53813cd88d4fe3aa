package dev.cacheplatform.cache;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache marked shared ({@code cache-platform.cache.caches.<name>.shared}, env CACHE_SHARED_CACHES) holds
 * one entry for every tenant: what one tenant loads, another reads, and what one evicts is gone for all.
 * Other caches stay scoped by tenant.
 */
class SharedCacheTests {

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache");

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "redis", "memory" })
	void sharedCacheIsOneEntryForEveryTenantAndAnEvictionReachesThemAll(String driver) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url(), "CACHE_DRIVER",
				driver, "CACHE_SHARED_CACHES", "products, lookups"))
			.run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(1));
				TenantScope.run("globex", () -> service.product(1));
				service.product(1);
				assertThat(service.productLoads()).hasValue(1);
				if (driver.equals("redis")) {
					assertThat(this.server.keys(1)).containsExactly("products::1");
				}
				TenantScope.run("acme", () -> service.evict(1));
				TenantScope.run("globex", () -> service.product(1));
				assertThat(service.productLoads()).hasValue(2);
			});
	}

	@Test
	void cachesNotMarkedSharedStayScopedByTenant() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url()))
			.withPropertyValues("cache-platform.cache.caches.lookups.shared=true")
			.run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(1));
				TenantScope.run("globex", () -> service.product(1));
				assertThat(service.productLoads()).hasValue(2);
				assertThat(this.server.keys(1)).containsExactlyInAnyOrder("acme:products::1", "globex:products::1");
			});
	}

}

package dev.cacheplatform.actuate;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DELETE /actuator/caches} as an operator means it: every tenant's entries of the cache go, on the
 * memory driver and in a real Redis, and nothing of another cache.
 */
class CachesEndpointTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, EndpointAutoConfiguration.class,
				CachePlatformCachesEndpointAutoConfiguration.class, CachesEndpointAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"management.endpoints.web.exposure.include=caches");

	@Test
	void clearingAllCachesRemovesEveryTenantsEntriesOnTheMemoryDriver() {
		this.runner.run(this::clearsEveryTenant);
	}

	@Test
	void clearingOneCacheRemovesEveryTenantsEntriesInRedisAndLeavesOtherCaches() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(1));
				TenantScope.run("globex", () -> service.product(1));
				service.product(1);
				context.getBean(CacheManager.class).getCache("orders").put(7L, "order-7");
				assertThat(server.keys(1)).containsExactlyInAnyOrder("acme:products::1", "globex:products::1",
						"products::1", "orders::7");

				TenantScope.run("acme", () -> context.getBean(CachesEndpoint.class).clearCache("products", null));
				assertThat(server.keys(1)).containsExactly("orders::7");
			});
		}
	}

	@Test
	void targetNamesTheStoresLibraryNotOurLayersOnTheMemoryDriver() {
		this.runner.run((context) -> {
			context.getBean(CountingService.class).product(1);
			assertThat(target(context, "products")).startsWith("com.github.benmanes.caffeine.cache.");
		});
	}

	@Test
	void targetNamesTheStoresLibraryNotOurLayersOnRedis() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				context.getBean(CountingService.class).product(1);
				assertThat(target(context, "products"))
					.isEqualTo("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory");
				assertThat(context.getBean(CachesEndpoint.class).cache("products", null).getTarget())
					.isEqualTo(target(context, "products"));
			});
		}
	}

	private static String target(AssertableWebApplicationContext context, String cache) {
		return context.getBean(CachesEndpoint.class)
			.caches()
			.getCacheManagers()
			.get("cacheManager")
			.getCaches()
			.get(cache)
			.getTarget();
	}

	@Test
	void applicationsOwnEndpointIsLeftAlone() {
		this.runner.withUserConfiguration(OwnEndpoint.class)
			.run((context) -> assertThat(context.getBean(CachesEndpoint.class)).isSameAs(OwnEndpoint.ENDPOINT));
	}

	private void clearsEveryTenant(AssertableWebApplicationContext context) {
		CountingService service = context.getBean(CountingService.class);
		TenantScope.run("acme", () -> service.product(1));
		TenantScope.run("globex", () -> service.product(1));
		service.product(1);
		assertThat(service.productLoads()).hasValue(3);

		context.getBean(CachesEndpoint.class).clearCaches();
		TenantScope.run("acme", () -> service.product(1));
		TenantScope.run("globex", () -> service.product(1));
		service.product(1);
		assertThat(service.productLoads()).hasValue(6);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		static final CachesEndpoint ENDPOINT = new CachesEndpoint(java.util.Map.of());

		@Bean
		CachesEndpoint cachesEndpoint() {
			return ENDPOINT;
		}

	}

}

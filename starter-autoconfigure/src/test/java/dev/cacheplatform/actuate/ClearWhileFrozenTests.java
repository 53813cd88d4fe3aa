package dev.cacheplatform.actuate;

import java.util.List;

import dev.cacheplatform.actuate.ClearReportingCachesWebExtension.ClearReport;
import dev.cacheplatform.actuate.ClearReportingCachesWebExtension.ClearedCache;
import dev.cacheplatform.actuate.ClearReportingCachesWebExtension.Outcome;
import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way of clearing a cache (the actuator's deletes, {@code Cache.clear()}) while the cache Redis is
 * frozen with SIGSTOP: the clear answers instead of failing, says it is pending, and is sent once Redis
 * answers again, before anything is read, so no entry from before the clear is served afterwards.
 */
class ClearWhileFrozenTests {

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, EndpointAutoConfiguration.class,
				CachePlatformCachesEndpointAutoConfiguration.class, CachesEndpointAutoConfiguration.class))
		.withBean(CountingService.class)
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url()))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.caches.products.ttl=1h", "management.endpoints.web.exposure.include=caches");

	@Test
	void clearingEveryCacheWhileFrozenAnswersPendingAndTakesEffectOnceRedisAnswers() {
		this.runner.run((context) -> {
			CountingService service = fillForThreeTenants(context);
			ClearReport report;
			this.server.pause();
			try {
				report = extension(context).clearCaches();
			}
			finally {
				this.server.resume();
			}
			assertThat(report.caches()).contains(new ClearedCache("products", "cacheManager", Outcome.PENDING));
			assertThat(context.getBean(CacheFaultCounters.class).count(CacheFaultCounters.Kind.CLEAR_FAILED))
				.isPositive();
			assertEveryTenantLoadsAgain(service);
		});
	}

	@Test
	void clearingOneCacheWhileFrozenAnswersPendingAndTakesEffectOnceRedisAnswers() {
		this.runner.run((context) -> {
			CountingService service = fillForThreeTenants(context);
			WebEndpointResponse<?> response;
			this.server.pause();
			try {
				response = extension(context).clearCache("products", null);
			}
			finally {
				this.server.resume();
			}
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo(
					new ClearReport(List.of(new ClearedCache("products", "cacheManager", Outcome.PENDING))));
			assertEveryTenantLoadsAgain(service);
		});
	}

	@Test
	void clearingWhileRedisAnswersSaysCleared() {
		this.runner.run((context) -> {
			fillForThreeTenants(context);
			assertThat(extension(context).clearCaches().caches())
				.contains(new ClearedCache("products", "cacheManager", Outcome.CLEARED));
			assertThat(this.server.keys(1)).isEmpty();
			assertThat(extension(context).clearCache("no-such-cache", null).getStatus()).isEqualTo(404);
		});
	}

	@Test
	void cacheApiClearWhileFrozenTakesEffectForItsTenantOnceRedisAnswers() {
		this.runner.run((context) -> {
			CountingService service = fillForThreeTenants(context);
			this.server.pause();
			try {
				TenantScope.run("acme", () -> context.getBean(CacheManager.class).getCache("products").clear());
			}
			finally {
				this.server.resume();
			}
			TenantScope.run("acme", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(4);
			assertThat(this.server.keys(1)).containsExactlyInAnyOrder("acme:products::1", "globex:products::1",
					"products::1");
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(4);
		});
	}

	private CountingService fillForThreeTenants(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		CountingService service = context.getBean(CountingService.class);
		TenantScope.run("acme", () -> service.product(1));
		TenantScope.run("globex", () -> service.product(1));
		service.product(1);
		assertThat(service.productLoads()).hasValue(3);
		assertThat(this.server.keys(1)).containsExactlyInAnyOrder("acme:products::1", "globex:products::1",
				"products::1");
		return service;
	}

	/** The first read after the thaw sends the kept clear first: every tenant's entry is loaded again. */
	private void assertEveryTenantLoadsAgain(CountingService service) {
		TenantScope.run("acme", () -> service.product(1));
		assertThat(this.server.keys(1)).containsExactly("acme:products::1");
		TenantScope.run("globex", () -> service.product(1));
		service.product(1);
		assertThat(service.productLoads()).hasValue(6);
	}

	private static ClearReportingCachesWebExtension extension(AssertableWebApplicationContext context) {
		return (ClearReportingCachesWebExtension) context.getBean(CachesEndpointWebExtension.class);
	}

}

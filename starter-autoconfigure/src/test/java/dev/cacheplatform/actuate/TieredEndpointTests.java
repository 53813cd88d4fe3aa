package dev.cacheplatform.actuate;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cacheplatform} endpoint on the tiered driver and a real Redis: a cache's size is what level one
 * holds, and clearing one tenant in Redis empties that tenant's level-one entries too (through Redis's change
 * reports), leaving the other tenant's entries in Redis.
 */
class TieredEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				EndpointAutoConfiguration.class, CachePlatformEndpointAutoConfiguration.class))
		.withPropertyValues("cache-platform.cache.driver=tiered", "cache-platform.cache.prefix=shop:",
				"cache-platform.redis.command-timeout=1s",
				"cache-platform.cache.tiered.tracking-check-interval=200ms",
				"management.endpoints.web.exposure.include=cacheplatform");

	@Test
	void sizeIsLevelOnesAndATenantsClearReachesLevelOne() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				NearCache levelOne = context.getBean(NearCache.class);
				await(levelOne::isTracking);
				holdInLevelOne(context, "acme", "1");
				holdInLevelOne(context, "globex", "1");
				CachePlatformEndpoint endpoint = context.getBean(CachePlatformEndpoint.class);
				assertThat(endpoint.platform().driver()).isEqualTo("tiered");
				assertThat(endpoint.cache("quotes").size()).isEqualTo(2L);

				assertThat(endpoint.clear("quotes", "acme").removed()).isEqualTo(1);

				// at most globex's copy stays (a tracking check lost under load may drop it too, legitimately)
				await(() -> levelOne.size("quotes") <= 1);
				assertThat(server.keys(1)).containsExactly("shop:globex:quotes::1");
				assertThat(TenantScope.call("acme", () -> cache(context).get("1"))).as("acme's level-one copy is gone")
					.isNull();
				assertThat(TenantScope.call("globex", () -> cache(context).get("1")).get()).isEqualTo("globex-1");
			});
		}
	}

	private static void holdInLevelOne(AssertableApplicationContext context, String tenant, String key) {
		NearCache levelOne = context.getBean(NearCache.class);
		long before = levelOne.size();
		long reports = levelOne.reportsReceived();
		TenantScope.run(tenant, () -> cache(context).put(key, tenant + "-" + key));
		// the put's own report may arrive after a read fills level one and would drop that copy: wait for it
		await(() -> levelOne.reportsReceived() > reports);
		await(() -> {
			TenantScope.run(tenant, () -> cache(context).get(key));
			return levelOne.size() > before;
		});
	}

	private static Cache cache(AssertableApplicationContext context) {
		return context.getBean(CacheManager.class).getCache("quotes");
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within " + WAIT).isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}

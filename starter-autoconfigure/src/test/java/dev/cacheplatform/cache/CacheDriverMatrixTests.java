package dev.cacheplatform.cache;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every driver owes the application, proven once for all of them: memory, Redis
 * standalone, Redis Cluster (clears reach every master) and Redis behind Sentinel.
 */
class CacheDriverMatrixTests {

	private static RedisServer standalone;

	private static RedisCluster cluster;

	private static RedisSentinel sentinel;

	static Stream<Arguments> drivers() {
		return Stream.of(Arguments.of("memory", (Supplier<String[]>) () -> new String[] { "CACHE_DRIVER", "memory" }),
				Arguments.of("redis", (Supplier<String[]>) () -> new String[] { "REDIS_URL", standalone().url() }),
				Arguments.of("redis-cluster",
						(Supplier<String[]>) () -> new String[] { "REDIS_CLUSTER_NODES", cluster().seeds() }),
				Arguments.of("redis-sentinel", (Supplier<String[]>) () -> new String[] { "REDIS_SENTINEL_MASTER",
						"mymaster", "REDIS_SENTINEL_NODES", sentinel().nodes() }));
	}

	@AfterAll
	static void stopServers() {
		for (AutoCloseable server : new AutoCloseable[] { standalone, cluster, sentinel }) {
			if (server != null) {
				try {
					server.close();
				}
				catch (Exception ex) {
					// the shutdown hook of the test support kills anything left
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("drivers")
	void hitsMissesTenantsEvictionAndClearing(String driver, Supplier<String[]> variables) {
		runner(variables.get()).run((context) -> {
			assertThat(context).hasNotFailed();
			CountingService service = context.getBean(CountingService.class);
			CachePlatformCacheManager manager = (CachePlatformCacheManager) context.getBean(CacheManager.class);
			manager.clearAllTenants("products");
			for (long id = 0; id < 50; id++) {
				service.product(id);
				service.product(id);
			}
			assertThat(service.productLoads()).as("one load per key").hasValue(50);

			service.evict(7);
			service.product(7);
			assertThat(service.productLoads()).as("eviction took effect at once").hasValue(51);

			TenantScope.run("acme", () -> service.product(1));
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).as("tenants have separate entries").hasValue(53);
			TenantScope.run("acme", service::clearAll);
			TenantScope.run("globex", () -> service.product(1));
			TenantScope.run("acme", () -> service.product(1));
			assertThat(service.productLoads()).as("clearing acme kept globex").hasValue(54);

			service.clearAll();
			for (long id = 0; id < 50; id++) {
				service.product(id);
			}
			assertThat(service.productLoads()).as("clear removed every untenanted entry").hasValue(104);
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).as("untenanted clear kept tenants").hasValue(104);

			manager.clearAllTenants("products");
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).as("clear for all tenants").hasValue(105);
			assertThat(context.getBean(CacheFaultCounters.class).count(CacheFaultCounters.Kind.GET_FAILED)).isZero();
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("drivers")
	void cachesConfiguredByNameExistFromStartupSoTheActuatorCanClearThem(String driver, Supplier<String[]> variables) {
		runner(concat(variables.get(), "CACHE_TTLS", "rates=6h"))
			.withPropertyValues("cache-platform.cache.caches.user-preferences.ttl=24h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("user-preferences", "rates");
			});
	}

	private static String[] concat(String[] variables, String... more) {
		String[] all = java.util.Arrays.copyOf(variables, variables.length + more.length);
		System.arraycopy(more, 0, all, variables.length, more.length);
		return all;
	}

	private ApplicationContextRunner runner(String[] variables) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
					CachePlatformAutoConfiguration.class))
			.withBean(CountingService.class)
			.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache")
			.withInitializer(EnvironmentVariablesInitializer.of(variables));
	}

	private static synchronized RedisServer standalone() {
		if (standalone == null) {
			standalone = RedisServer.builder().start();
		}
		return standalone;
	}

	private static synchronized RedisCluster cluster() {
		if (cluster == null) {
			cluster = RedisCluster.start(3);
		}
		return cluster;
	}

	private static synchronized RedisSentinel sentinel() {
		if (sentinel == null) {
			sentinel = RedisSentinel.start("mymaster");
		}
		return sentinel;
	}

}

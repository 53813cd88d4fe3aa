package dev.cacheplatform.actuate;

import java.time.Duration;
import java.util.Map;

import dev.cacheplatform.actuate.CachePlatformEndpoint.CacheDescriptor;
import dev.cacheplatform.actuate.CachePlatformEndpoint.ClearDescriptor;
import dev.cacheplatform.actuate.CachePlatformEndpoint.KeyDescriptor;
import dev.cacheplatform.actuate.CachePlatformEndpoint.PlatformDescriptor;
import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.autoconfigure.CachePlatformServerFindingsAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.health.CachePlatformServerSetupAutoConfiguration;
import dev.cacheplatform.health.ServerSetupCheck;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code cacheplatform} endpoint against real redis-server processes: roles shown with the password
 * redacted, a tenant cleared without touching other tenants or the session role's database, one key looked up
 * and evicted, and the endpoint absent until the application exposes it.
 */
class CachePlatformEndpointTests {

	private static final String PASSWORD = "Endpoint-Secret-7731";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, CachePlatformServerSetupAutoConfiguration.class,
				EndpointAutoConfiguration.class, CachePlatformEndpointAutoConfiguration.class,
				CachePlatformServerFindingsAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"management.endpoints.web.exposure.include=cacheplatform");

	@Test
	void showsEachRoleWithItsPasswordRedactedNeverTheRealOne() {
		try (RedisServer server = RedisServer.builder().password(PASSWORD).start()) {
			String url = "redis://:" + PASSWORD + "@" + server.host() + ":" + server.port();
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", url, "CACHE_PREFIX", "shop:"))
				.run((context) -> {
					context.getBean(ServerSetupCheck.class).run();
					context.getBean(CountingService.class).product(1);
					PlatformDescriptor platform = context.getBean(CachePlatformEndpoint.class).platform();
					String json = JsonMapper.builder().build().writeValueAsString(platform);

					assertThat(json).doesNotContain(PASSWORD);
					assertThat(platform.driver()).isEqualTo("redis");
					String address = server.host() + ":" + server.port();
					assertThat(platform.roles().get("cache")).isEqualTo(
							new RoleDescriptor("standalone", address, 1, "shop:", false, null, "******"));
					assertThat(platform.roles().get("session")).isEqualTo(
							new RoleDescriptor("standalone", address, 0, "shop:session:", false, null, "******"));
					assertThat(platform.roles()).containsKey("default");
					// the test server has no maxmemory: the cache role's check says so
					assertThat(platform.serverFindings())
						.anySatisfy((finding) -> assertThat(finding.problem()).contains("maxmemory is not set"));
					CacheDescriptor products = platform.caches().get("products");
					assertThat(products.ttl()).isEqualTo("PT5M");
					assertThat(products.size()).isEqualTo("unknown");
					assertThat(products.hits()).isEqualTo("unknown");
				});
		}
	}

	@Test
	void clearingOneTenantLeavesOtherTenantsAndTheSessionDatabaseAndSaysHowManyKeysWent() {
		try (RedisServer server = RedisServer.builder().start()) {
			try (RespClient sessions = server.client(0)) {
				sessions.command("HSET", "session:sessions:v2:abc", "creationTime", "1");
				sessions.set("acme:products::1", "same name, session database");
			}
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(1));
				TenantScope.run("acme", () -> service.product(2));
				TenantScope.run("globex", () -> service.product(1));
				service.product(1);
				context.getBean(CacheManager.class).getCache("orders").put(7L, "order-7");
				server.commandStats(); // the support code's own SCAN is counted: read the counts around the clear
				Map<String, Long> before = server.commandStats();

				ClearDescriptor cleared = context.getBean(CachePlatformEndpoint.class).clear("products", "acme");

				assertThat(cleared.removed()).isEqualTo(2);
				assertThat(cleared.error()).isNull();
				assertThat(server.keys(1)).containsExactlyInAnyOrder("globex:products::1", "products::1", "orders::7");
				assertThat(server.keys(0)).containsExactlyInAnyOrder("session:sessions:v2:abc", "acme:products::1");
				Map<String, Long> after = server.commandStats();
				assertThat(after.getOrDefault("unlink", 0L)).isEqualTo(before.getOrDefault("unlink", 0L) + 1);
				assertThat(after).doesNotContainKeys("keys", "flushdb", "flushall");
			});
		}
	}

	@Test
	void clearingOneCacheForEveryTenantSaysHowManyKeysWentAndLeavesOtherCaches() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(1));
				TenantScope.run("globex", () -> service.product(1));
				service.product(1);
				service.product(2);
				context.getBean(CacheManager.class).getCache("orders").put(7L, "order-7");

				assertThat(context.getBean(CachePlatformEndpoint.class).clear("products", null).removed()).isEqualTo(4);
				assertThat(server.keys(1)).containsExactly("orders::7");
			});
		}
	}

	@Test
	void looksUpOneKeyWithoutItsValueAndEvictsIt() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				TenantScope.run("acme", () -> service.product(42));
				service.product(42);
				CachePlatformEndpoint endpoint = context.getBean(CachePlatformEndpoint.class);

				KeyDescriptor found = endpoint.key("products", "42", "acme");
				assertThat(found.exists()).isTrue();
				assertThat(found.storeKey()).isEqualTo("acme:products::42");
				assertThat(found.type()).isEqualTo("string");
				long length;
				try (RespClient client = server.client(1)) {
					length = (Long) client.command("STRLEN", "acme:products::42");
				}
				assertThat(found.sizeInBytes()).isEqualTo(length).isPositive();
				assertThat(Duration.parse(found.timeToLive())).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
				assertThat(JsonMapper.builder().build().writeValueAsString(found)).doesNotContain("product-42");
				assertThat(endpoint.key("products", "43", "acme").exists()).isFalse();

				assertThat(endpoint.evict("products", "42", "acme").evicted()).isTrue();
				assertThat(endpoint.evict("products", "42", "acme").evicted()).isFalse();
				assertThat(server.keys(1)).containsExactly("products::42");
				TenantScope.run("acme", () -> service.product(42));
				assertThat(service.productLoads()).hasValue(3);
			});
		}
	}

	@Test
	void clearsOneTenantAndEvictsOneKeyOnTheMemoryDriver() {
		this.runner.run((context) -> {
			CountingService service = context.getBean(CountingService.class);
			TenantScope.run("acme", () -> service.product(1));
			TenantScope.run("acme", () -> service.product(2));
			TenantScope.run("globex", () -> service.product(1));
			CachePlatformEndpoint endpoint = context.getBean(CachePlatformEndpoint.class);
			assertThat(endpoint.platform().driver()).isEqualTo("memory");
			assertThat(endpoint.cache("products").size()).isEqualTo(3L);

			assertThat(endpoint.key("products", "2", "acme").exists()).isTrue();
			assertThat(endpoint.evict("products", "2", "acme").evicted()).isTrue();
			assertThat(endpoint.clear("products", "acme").removed()).isEqualTo(1);

			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(3);
			TenantScope.run("acme", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(4);
		});
	}

	@Test
	void aTenantIdThatCouldReachIntoAPatternIsRefusedNamingTheParameter() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> context.getBean(CachePlatformEndpoint.class).clear("products", "*"))
			.withMessageContaining("Parameter 'tenant'")
			.withMessageContaining("'*'")
			.withMessageContaining("A-Z, a-z, 0-9"));
	}

	@Test
	void hitsMissesAndFaultsComeFromTheMetersAndFaultCountersOfEveryTenant() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CachePlatformEndpoint endpoint = context.getBean(CachePlatformEndpoint.class);
			context.getBean(CountingService.class).product(1);
			assertThat(endpoint.cache("products").hits()).as("no cache.gets meter at all").isEqualTo("unknown");

			// as the metrics layer records them: one series per tenant
			registry.counter("cache.gets", "cache", "products", "result", "hit", "tenant", "acme").increment(3);
			registry.counter("cache.gets", "cache", "products", "result", "hit", "tenant", "none").increment(1);
			registry.counter("cache.gets", "cache", "products", "result", "miss", "tenant", "acme").increment(4);
			registry.counter("cache.gets", "cache", "orders", "result", "miss").increment(9);
			CacheFaultCounters faults = context.getBean(CacheFaultCounters.class);
			faults.increment(CacheFaultCounters.Kind.GET_FAILED, "acme:products");
			faults.increment(CacheFaultCounters.Kind.GET_FAILED, "products");
			faults.increment(CacheFaultCounters.Kind.GET_FAILED, "orders");

			CacheDescriptor products = endpoint.cache("products");
			assertThat(products.hits()).isEqualTo(4L);
			assertThat(products.misses()).isEqualTo(4L);
			assertThat(products.hitRatio()).isEqualTo(0.5);
			assertThat(products.faults()).containsEntry("get_failed", 2L).containsEntry("put_failed", 0L);
		});
	}

	@Test
	void isAbsentUntilTheApplicationExposesIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class,
					EndpointAutoConfiguration.class, CachePlatformEndpointAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CachePlatformEndpoint.class);
			});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class,
					EndpointAutoConfiguration.class, CachePlatformEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cacheplatform")
			.run((context) -> assertThat(context).hasSingleBean(CachePlatformEndpoint.class));
	}

	@Test
	void unknownCacheIsNotFound() {
		this.runner.run((AssertableApplicationContext context) -> assertThat(
				context.getBean(CachePlatformEndpoint.class).cache("never-used")).isNull());
	}

}

package dev.cacheplatform.cache.redis;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.ConcurrentMisses;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Redis driver through {@code @Cacheable}, against a real server: where keys land, their TTLs,
 * exactly which commands a hit and a miss cost, tenants, prefixes and clearing.
 */
class RedisCacheDriverTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache");

	@BeforeEach
	void emptyServer() {
		for (int database = 0; database < 3; database++) {
			try (RespClient client = server.client(database)) {
				for (String key : server.keys(database)) {
					client.command("DEL", key);
				}
			}
		}
	}

	@Test
	void keysFollowTheFixedLayoutInTheCacheDatabase() {
		run(Map.of("REDIS_URL", server.url(), "CACHE_PREFIX", "shop:"), (service, manager) -> {
			service.product(42);
			TenantScope.run("acme", () -> service.product(42));
			assertThat(server.keys(1)).containsExactlyInAnyOrder("shop:products::42", "shop:acme:products::42");
			assertThat(server.keys(0)).isEmpty();
		});
	}

	@Test
	void noPrefixAndNoTenantIsByteCompatibleWithStockSpring() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			service.product(7);
			assertThat(server.keys(1)).containsExactly("products::7");
		});
	}

	@Test
	void hitIsOneGetAndMissIsGetPlusOneSetWithExpiry() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			service.product(0);
			server.resetStats();
			service.product(1);
			Map<String, Long> afterMiss = server.commandStats();
			assertThat(afterMiss).containsEntry("getrange", 1L).containsEntry("set", 1L);
			service.product(1);
			service.product(1);
			Map<String, Long> afterHits = server.commandStats();
			assertThat(afterHits).containsEntry("getrange", 3L).containsEntry("set", 1L);
			assertThat(afterHits.keySet()).isSubsetOf("getrange", "set", "config|resetstat", "info", "auth", "ping",
					"hello", "client|setinfo", "select");
			assertThat(service.productLoads()).hasValue(2);
		});
	}

	@Test
	void writtenTtlMatchesThePolicy() {
		run(Map.of("REDIS_URL", server.url(), "CACHE_TTL_SECONDS", "120", "CACHE_TTLS", "lookups=0"),
				(service, manager) -> {
					service.product(1);
					service.nothing(1);
					try (RespClient client = server.client(1)) {
						assertThat(client.pttl("products::1")).isCloseTo(120_000L, within(2_000L));
						assertThat(client.pttl("lookups::1")).isEqualTo(-1L);
					}
				});
		run(Map.of("REDIS_URL", server.url(), "CACHE_TTLS", "products=1h"), (service, manager) -> {
			service.product(2);
			try (RespClient client = server.client(1)) {
				assertThat(client.pttl("products::2")).isCloseTo(3_600_000L, within(2_000L));
			}
		});
	}

	@Test
	void jitterKeepsTtlsWithinTheirFraction() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "CACHE_TTL_SECONDS", "1000"))
			.withPropertyValues("cache-platform.cache.ttl-jitter=0.1")
			.run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				long distinct;
				try (RespClient client = server.client(1)) {
					java.util.Set<Long> ttls = new java.util.HashSet<>();
					for (int i = 0; i < 20; i++) {
						service.product(i);
						long pttl = client.pttl("products::" + i);
						assertThat(pttl).isBetween(899_000L, 1_000_000L);
						ttls.add(pttl / 1000);
					}
					distinct = ttls.size();
				}
				assertThat(distinct).isGreaterThan(1);
			});
	}

	@Test
	void nullResultsAreCachedUnlessTheCacheSaysNot() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			service.nothing(1);
			service.nothing(1);
			assertThat(service.nullLoads()).hasValue(1);
		});
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("cache-platform.cache.caches.lookups.cache-null-values=false")
			.run((context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.nothing(2);
				service.nothing(2);
				assertThat(service.nullLoads()).hasValue(2);
				assertThat(server.keys(1)).doesNotContain("lookups::2");
			});
	}

	@Test
	void tenantsNeverSeeEachOthersValuesAndClearingOneLeavesTheOther() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			TenantScope.run("acme", () -> service.product(1));
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(2);
			TenantScope.run("acme", service::clearAll);
			assertThat(server.keys(1)).containsExactly("globex:products::1");
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(2);
			((CachePlatformCacheManager) manager).clearAllTenants("products");
			assertThat(server.keys(1)).isEmpty();
		});
	}

	@Test
	void twoAppsWithDifferentPrefixesOnOneDatabaseNeverSeeEachOthersKeys() {
		run(Map.of("REDIS_URL", server.url(), "CACHE_PREFIX", "billing:"), (billing, billingManager) -> {
			run(Map.of("REDIS_URL", server.url(), "CACHE_PREFIX", "shop:"), (shop, shopManager) -> {
				billing.product(1);
				shop.product(1);
				assertThat(billing.productLoads()).hasValue(1);
				assertThat(shop.productLoads()).hasValue(1);
				shop.clearAll();
				assertThat(server.keys(1)).containsExactly("billing:products::1");
			});
		});
	}

	@Test
	void evictionHasTakenEffectWhenItReturns() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			service.product(5);
			service.evict(5);
			assertThat(server.keys(1)).isEmpty();
			service.product(5);
			assertThat(service.productLoads()).hasValue(2);
		});
	}

	@Test
	void clearingOnAHardenedServerRemovesOnlyTheCachesOwnKeys() {
		try (RedisServer hardened = RedisServer.builder().renameDangerousCommands().start()) {
			try (RespClient sessions = hardened.client(0); RespClient other = hardened.client(1)) {
				sessions.set("session:sessions:abc", "session-data");
				other.set("other-app:products::1", "theirs");
				other.set("products-archive::1", "not ours either");
			}
			run(Map.of("REDIS_URL", hardened.url()), (service, manager) -> {
				for (int i = 0; i < 1200; i++) {
					service.product(i);
				}
				service.clearAll();
				assertThat(hardened.keys(1)).containsExactlyInAnyOrder("other-app:products::1", "products-archive::1");
				assertThat(hardened.keys(0)).containsExactly("session:sessions:abc");
			});
		}
	}

	@Test
	void unreadableEntryIsAMissDeletedAndCounted() {
		run(Map.of("REDIS_URL", server.url()), (service, manager) -> {
			try (RespClient client = server.client(1)) {
				client.set("products::9", "\u0000garbage that is no envelope");
			}
			assertThat(service.product(9).name()).isEqualTo("product-9");
			assertThat(service.productLoads()).hasValue(1);
			assertThat(service.product(9).name()).isEqualTo("product-9");
			assertThat(service.productLoads()).hasValue(1);
		});
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
			try (RespClient client = server.client(1)) {
				client.set("products::10", "\u00cc\u0050 truncated envelope");
			}
			context.getBean(CountingService.class).product(10);
			assertThat(context.getBean(CacheFaultCounters.class).count(CacheFaultCounters.Kind.UNREADABLE, "products"))
				.isEqualTo(1);
			assertThat(server.keys(1)).contains("products::10");
		});
	}

	@Test
	void userDefinedCacheManagerOrSpringCacheTypeMakesOursBackOff() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withBean("userCacheManager", CacheManager.class, NoOpCacheManager::new)
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(NoOpCacheManager.class));
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.cache.type=none")
			.run((context) -> assertThat(context).getBean(CacheManager.class)
				.isNotInstanceOf(CachePlatformCacheManager.class));
	}

	@Test
	void withoutTheLoadLockCallersMissingJustAsALoadLandsDoNotLoadAgain() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("cache-platform.cache.load-lock.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Cache products = context.getBean(CacheManager.class).getCache("products");
				AtomicIntegerArray loads = ConcurrentMisses.loadsPerKey(products, 100, 8);
				assertThat(IntStream.range(0, loads.length()).map(loads::get)).as("loads per key").containsOnly(1);
			});
	}

	@Test
	void noneDriverAlwaysRunsTheMethod() {
		run(Map.of("REDIS_URL", server.url(), "CACHE_DRIVER", "none"), (service, manager) -> {
			service.product(1);
			service.product(1);
			assertThat(service.productLoads()).hasValue(2);
			assertThat(server.keys(1)).isEmpty();
		});
	}

	interface Scenario {

		void run(CountingService service, CacheManager manager);

	}

	private void run(Map<String, String> variables, Scenario scenario) {
		String[] pairs = variables.entrySet()
			.stream()
			.flatMap((entry) -> java.util.stream.Stream.of(entry.getKey(), entry.getValue()))
			.toArray(String[]::new);
		this.runner.withInitializer(EnvironmentVariablesInitializer.of(pairs)).run((context) -> {
			assertThat(context).hasNotFailed();
			scenario.run(context.getBean(CountingService.class), context.getBean(CacheManager.class));
			CacheFaultCounters counters = context.getBean(CacheFaultCounters.class);
			for (CacheFaultCounters.Kind kind : CacheFaultCounters.Kind.values()) {
				if (kind != CacheFaultCounters.Kind.UNREADABLE) {
					assertThat(counters.count(kind)).as(kind.name()).isZero();
				}
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		CountingService countingService() {
			return new CountingService();
		}

	}

}

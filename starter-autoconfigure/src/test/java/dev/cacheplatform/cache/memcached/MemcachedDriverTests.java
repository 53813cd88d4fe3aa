package dev.cacheplatform.cache.memcached;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.cacheplatform.actuate.CachePlatformEndpoint;
import dev.cacheplatform.actuate.CachePlatformEndpoint.ClearDescriptor;
import dev.cacheplatform.actuate.CachePlatformEndpoint.PlatformDescriptor;
import dev.cacheplatform.actuate.CachePlatformEndpointAutoConfiguration;
import dev.cacheplatform.actuate.RoleDescriptor;
import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.ConcurrentMisses;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CACHE_DRIVER=memcached} against a real memcached process: hits and misses, per-cache TTLs (over 30 days
 * sent as a unix time), clears of one cache and one tenant by generation (never {@code flush_all}), long and odd
 * keys, values over the item size limit, single-flight loads, the operator endpoint, and no Redis anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemcachedDriverTests {

	private static final String SASL_PASSWORD = "Memcached-Sasl-Secret-4417";

	private static MemcachedServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, EndpointAutoConfiguration.class,
				CachePlatformEndpointAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"management.endpoints.web.exposure.include=cacheplatform");

	@BeforeAll
	static void startServer() {
		server = MemcachedServer.start(64);
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void assumeInstalled() {
		MemcachedServer.assumeInstalled();
	}

	@Test
	void secondCallIsAHitFromMemcachedAndNoRedisIsSetUp() {
		run((context) -> {
			CountingService service = context.getBean(CountingService.class);
			long getsBefore = server.stat("get_hits");
			assertThat(service.product(1).name()).isEqualTo("product-1");
			assertThat(service.product(1).name()).isEqualTo("product-1");
			assertThat(service.productLoads()).hasValue(1);
			assertThat(server.stat("get_hits") - getsBefore).isGreaterThanOrEqualTo(1);
			assertThat(server.dumpedKeys()).anyMatch((key) -> key.startsWith("t1:products#") && key.endsWith("::1"));
			assertNoRedisCacheRole(context);
			assertThat(context.getBean(CacheManager.class).getCache("products").getNativeCache())
				.isInstanceOf(net.rubyeye.xmemcached.MemcachedClient.class);
		}, "CACHE_PREFIX", "t1:");
	}

	@Test
	void aServerThatRequiresSaslIsUsedWithItsCredentialsAndAWrongPasswordOnlyCostsMisses() {
		try (MemcachedServer sasl = MemcachedServer.startWithSasl("app", SASL_PASSWORD)) {
			String url = "memcached://app:" + SASL_PASSWORD + "@" + sasl.address();
			ApplicationContextRunner authenticated = this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "CACHE_URL", url));
			// one instance stores, another reads it back: the server authenticated both
			authenticated.run((writer) -> authenticated.run((reader) -> {
				assertThat(writer).hasNotFailed();
				assertThat(reader).hasNotFailed();
				writer.getBean(CountingService.class).product(7);
				assertThat(reader.getBean(CountingService.class).product(7).name()).isEqualTo("product-7");
				assertThat(reader.getBean(CountingService.class).productLoads()).as("a hit from memcached").hasValue(0);
			}));
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "CACHE_URL",
						url.replace(SASL_PASSWORD, "wrong-password")))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					CountingService service = context.getBean(CountingService.class);
					assertThat(service.product(7).name()).isEqualTo("product-7");
					assertThat(service.product(7).name()).isEqualTo("product-7");
					assertThat(service.productLoads()).as("refused: every call runs the method").hasValue(2);
				});
		}
	}

	@Test
	void cacheHostAndPortNameTheMemcachedServerWhenTheDriverIsMemcached() {
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "CACHE_HOST", server.host(),
					"CACHE_PORT", Integer.toString(server.port()), "CACHE_PREFIX", "t2:"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertNoRedisCacheRole(context);
				assertThat(context.getBean(MemcachedServers.class).addresses()).isEqualTo(server.address());
				CountingService service = context.getBean(CountingService.class);
				service.product(2);
				service.product(2);
				assertThat(service.productLoads()).hasValue(1);
			});
	}

	@Test
	void perCacheTtlIsSentAndTtlsOverThirtyDaysAreSentAsUnixTime() {
		run((context) -> {
			Cache products = context.getBean(CacheManager.class).getCache("products");
			Cache archive = context.getBean(CacheManager.class).getCache("archive");
			products.put("p", "v");
			archive.put("a", "v");
			String productsKey = single("t3:products#");
			String archiveKey = single("t3:archive#");
			// memcached reads 3456000 s (40 days) as a date in 1970: the entry would be gone at once
			// sent as a unix time: memcached's own clock (ticking once a second) may read it a second longer
			assertThat(server.ttlSeconds(archiveKey)).isBetween(40L * 86400 - 60, 40L * 86400 + 2);
			assertThat(server.ttlSeconds(productsKey)).isBetween(60L, 120L);
			assertThat(archive.get("a").get()).isEqualTo("v");
		}, "CACHE_PREFIX", "t3:", "CACHE_TTLS", "products=2m,archive=40d");
	}

	@Test
	void clearingOneCacheLeavesOtherCachesAndNeverFlushesTheServer() {
		run((context) -> {
			CacheManager manager = context.getBean(CacheManager.class);
			Cache products = manager.getCache("products");
			Cache users = manager.getCache("users");
			products.put("1", "p1");
			users.put("1", "u1");
			long flushes = server.stat("cmd_flush");
			products.clear();
			assertThat(products.get("1")).isNull();
			assertThat(users.get("1").get()).isEqualTo("u1");
			products.put("1", "p1-new");
			assertThat(products.get("1").get()).isEqualTo("p1-new");
			assertThat(server.stat("cmd_flush")).isEqualTo(flushes);
		}, "CACHE_PREFIX", "t4:");
	}

	@Test
	void clearingOneTenantLeavesOtherTenantsAndTheEndpointClearsEveryTenant() {
		run((context) -> {
			CountingService service = context.getBean(CountingService.class);
			TenantScope.run("acme", () -> service.product(1));
			TenantScope.run("globex", () -> service.product(1));
			TenantScope.run("acme", service::clearAll);
			assertThat(service.productLoads()).hasValue(2);
			TenantScope.run("globex", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(2);
			TenantScope.run("acme", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(3);

			CachePlatformEndpoint endpoint = context.getBean(CachePlatformEndpoint.class);
			ClearDescriptor cleared = endpoint.clear("products", "globex");
			assertThat(cleared.error()).isNull();
			TenantScope.run("globex", () -> service.product(1));
			TenantScope.run("acme", () -> service.product(1));
			assertThat(service.productLoads()).hasValue(4);

			assertThat(endpoint.clear("products", null).error()).isNull();
			TenantScope.run("globex", () -> service.product(1));
			TenantScope.run("acme", () -> service.product(1));
			service.product(1);
			assertThat(service.productLoads()).hasValue(7);
		}, "CACHE_PREFIX", "t5:");
	}

	@Test
	void aClearOnOneInstanceIsSeenByAnotherAtOnceWhenGenerationsAreReadPerCall() {
		run((first) -> run((second) -> {
			Cache a = first.getBean(CacheManager.class).getCache("products");
			Cache b = second.getBean(CacheManager.class).getCache("products");
			a.put("k", "v");
			assertThat(b.get("k").get()).isEqualTo("v");
			a.clear();
			assertThat(a.get("k")).isNull();
			// generation-refresh=0 here: the other instance reads the generation with every call
			assertThat(b.get("k")).isNull();
		}, "CACHE_PREFIX", "t6:"), "CACHE_PREFIX", "t6:");
	}

	@Test
	void longAndOddKeysAreHashedKeepingTheirReadablePartAndStillHit() {
		run((context) -> {
			Cache products = context.getBean(CacheManager.class).getCache("products");
			String longKey = "x".repeat(400);
			String oddKey = "with space\tand\ncontrol";
			products.put(longKey, "long");
			products.put(oddKey, "odd");
			products.put("x".repeat(399) + "y", "other");
			assertThat(products.get(longKey).get()).isEqualTo("long");
			assertThat(products.get(oddKey).get()).isEqualTo("odd");
			assertThat(products.get("x".repeat(399) + "y").get()).isEqualTo("other");
			List<String> keys = server.dumpedKeys().stream().filter((key) -> key.startsWith("t7:products#")).toList();
			assertThat(keys).hasSize(3).allSatisfy((key) -> assertThat(key.length()).isLessThanOrEqualTo(250));
			assertThat(keys).anyMatch((key) -> key.contains("::with_space_and_control#"));
		}, "CACHE_PREFIX", "t7:");
	}

	@Test
	void valuesOverTheItemSizeLimitAreCountedAsNotStorableWithOneWarnPerCache(CapturedOutput output) {
		run((context) -> {
			Cache products = context.getBean(CacheManager.class).getCache("products");
			CacheFaultCounters counters = context.getBean(CacheFaultCounters.class);
			String big = incompressible(200 * 1024); // the test server's limit is 64 KB
			products.put("big", big);
			products.put("big2", big);
			assertThat(products.get("big") == null).as("stored although over the limit").isTrue();
			AtomicInteger loads = new AtomicInteger();
			assertThat(products.get("big3", () -> {
				loads.incrementAndGet();
				return big;
			}).equals(big)).as("the loaded value is returned").isTrue();
			assertThat(loads).hasValue(1);
			assertThat(counters.count(CacheFaultCounters.Kind.NOT_STORABLE, "products")).isEqualTo(3);
			assertThat(counters.count(CacheFaultCounters.Kind.PUT_FAILED)).isZero();
			assertThat(output.getAll().split("over the server's item size limit", -1)).hasSize(2);
			products.put("small", "fits");
			assertThat(products.get("small").get()).isEqualTo("fits");
		}, "CACHE_PREFIX", "t8:");
	}

	@Test
	void concurrentMissesOfOneKeyLoadOnce() {
		run((context) -> {
			Cache products = context.getBean(CacheManager.class).getCache("products");
			AtomicInteger loads = new AtomicInteger();
			CountDownLatch release = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<String>> results = new java.util.ArrayList<>();
				for (int i = 0; i < 8; i++) {
					results.add(pool.submit(() -> products.get("same", () -> {
						loads.incrementAndGet();
						release.await(5, TimeUnit.SECONDS);
						return "loaded";
					})));
				}
				while (products.get("same") == null && loads.get() == 0) {
					Thread.onSpinWait();
				}
				release.countDown();
				for (Future<String> result : results) {
					assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(loads).hasValue(1);
		}, "CACHE_PREFIX", "t9:");
	}

	@Test
	void callersMissingJustAsALoadLandsDoNotLoadAgain() {
		run((context) -> {
			Cache products = context.getBean(CacheManager.class).getCache("products");
			AtomicIntegerArray loads = ConcurrentMisses.loadsPerKey(products, 100, 8);
			assertThat(IntStream.range(0, loads.length()).map(loads::get)).as("loads per key").containsOnly(1);
		}, "CACHE_PREFIX", "t11:");
	}

	@Test
	void endpointShowsTheDriverAndServersWithThePasswordRedacted() {
		String url = "memcached://app:" + SASL_PASSWORD + "@" + server.address();
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL", url,
					"CACHE_PREFIX", "t10:"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PlatformDescriptor platform = context.getBean(CachePlatformEndpoint.class).platform();
				String json = JsonMapper.builder().build().writeValueAsString(platform);
				assertThat(json).doesNotContain(SASL_PASSWORD);
				assertThat(platform.driver()).isEqualTo("memcached");
				assertThat(platform.roles().get("cache")).isEqualTo(
						new RoleDescriptor("memcached", server.address(), 0, "t10:", false, "app", "******"));
				assertThat(context.getBean(MemcachedServers.class).toString()).doesNotContain(SASL_PASSWORD)
					.contains("app:****@");
				assertThat(context.getBean(MemcachedProperties.class).toString()).doesNotContain(SASL_PASSWORD);
				assertThat(context.getBean(MemcachedStore.class).toString()).doesNotContain(SASL_PASSWORD);
			});
	}

	private void run(Consumer<AssertableApplicationContext> scenario, String... variables) {
		String[] all = new String[variables.length + 4];
		all[0] = "CACHE_DRIVER";
		all[1] = "memcached";
		all[2] = "MEMCACHED_URL";
		all[3] = server.url();
		System.arraycopy(variables, 0, all, 4, variables.length);
		this.runner.withInitializer(EnvironmentVariablesInitializer.of(all))
			.withPropertyValues("cache-platform.memcached.generation-refresh=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				scenario.accept(context);
			});
	}

	// Boot's own lazy default connection factory may exist; Cache Platform's Redis roles must not
	private static void assertNoRedisCacheRole(AssertableApplicationContext context) {
		assertThat(context).doesNotHaveBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY);
		assertThat(context).doesNotHaveBean(RedisEndpoints.class);
	}

	private static String incompressible(int length) {
		java.util.Random random = new java.util.Random(42);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('!' + random.nextInt(90)));
		}
		return text.toString();
	}

	private static String single(String prefix) {
		List<String> keys = server.dumpedKeys().stream().filter((key) -> key.startsWith(prefix)).toList();
		assertThat(keys).hasSize(1);
		return keys.get(0);
	}

}

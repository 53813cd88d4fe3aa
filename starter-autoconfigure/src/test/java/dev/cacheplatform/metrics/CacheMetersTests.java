package dev.cacheplatform.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache meters of every driver (memory, Redis standalone, Redis Cluster, Redis behind Sentinel, tiered),
 * against real redis-servers: each meter moves by exactly what the
 * application did, the tenant tag stays within its cap, and an application coming from stock Spring Boot finds
 * {@code cache.gets} under the name and tags it had.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheMetersTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RedisServer server;

	private static RedisCluster cluster;

	private static RedisSentinel sentinel;

	static Stream<Arguments> drivers() {
		return Stream.of(Arguments.of("memory", "memory", (Supplier<String[]>) () -> new String[] { "CACHE_DRIVER", "memory" }),
				Arguments.of("redis", "redis", (Supplier<String[]>) () -> new String[] { "REDIS_URL", server().url() }),
				Arguments.of("redis-cluster", "redis",
						(Supplier<String[]>) () -> new String[] { "REDIS_CLUSTER_NODES", cluster().seeds() }),
				Arguments.of("redis-sentinel", "redis", (Supplier<String[]>) () -> new String[] { "REDIS_SENTINEL_MASTER",
						"mymaster", "REDIS_SENTINEL_NODES", sentinel().nodes() }),
				Arguments.of("tiered", "local", (Supplier<String[]>) () -> new String[] { "REDIS_URL", server().url(),
						"CACHE_DRIVER", "tiered" }));
	}

	@AfterAll
	static void stopServers() {
		for (AutoCloseable each : new AutoCloseable[] { server, cluster, sentinel }) {
			if (each != null) {
				try {
					each.close();
				}
				catch (Exception ex) {
					// the test support's shutdown hook stops whatever is left
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("drivers")
	void eachMeterMovesByWhatTheApplicationDid(String driver, String firstLevel, Supplier<String[]> variables) {
		runner(variables.get()).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Catalog catalog = context.getBean(Catalog.class);
			awaitTracking(context, driver);
			// keys of their own: no flush, whose report could empty level one at any moment
			long id = System.nanoTime();
			Set<String> reported = ConcurrentHashMap.newKeySet();
			if (driver.equals("tiered")) {
				near(context).whenKeyChanges((key) -> reported.add(new String(key, StandardCharsets.UTF_8)));
			}

			catalog.product(id + 1);
			if (driver.equals("tiered")) { // the put's report is in: level one keeps what the next get reads
				await(() -> reported.contains("products::" + (id + 1)));
			}
			catalog.product(id + 1);
			catalog.product(id + 1);
			assertThat(catalog.loads()).hasValue(1);
			assertThat(count(registry, "cache.gets", "cache", "products", "result", "miss")).isEqualTo(1);
			assertThat(count(registry, "cache.gets", "cache", "products", "result", "hit")).isEqualTo(2);
			assertThat(count(registry, "cache.puts", "cache", "products")).isEqualTo(1);
			assertThat(registry.get("cache.gets").tags("cache", "products", "cache.manager", "cacheManager", "driver",
					driver, "result", "hit").counter()).isNotNull();

			catalog.price(id + 1);
			catalog.price(id + 1);
			assertThat(count(registry, "cache.gets", "cache", "prices", "result", "miss")).isEqualTo(1);
			assertThat(count(registry, "cache.gets", "cache", "prices", "result", "hit")).isEqualTo(1);
			assertThat(count(registry, "cache.loads", "cache", "prices", "result", "success")).as("the method ran once")
				.isEqualTo(1);
			assertThat(count(registry, "cache.loads", "cache", "products")).as("outside a loader: not a load").isZero();

			catalog.evict(id + 1);
			catalog.clear();
			assertThat(count(registry, "cache.removals", "cache", "products")).isEqualTo(1);
			assertThat(count(registry, "cache.clears", "cache", "products")).isEqualTo(1);

			if (driver.equals("tiered")) {
				// products: miss in both levels, then level two, then level one
				assertThat(count(registry, "cache.level.gets", "cache", "products", "level", "local", "result", "hit"))
					.isEqualTo(1);
				assertThat(count(registry, "cache.level.gets", "cache", "products", "level", "local", "result", "miss"))
					.isEqualTo(2);
				assertThat(count(registry, "cache.level.gets", "cache", "products", "level", "redis", "result", "hit"))
					.isEqualTo(1);
				assertThat(count(registry, "cache.level.gets", "cache", "products", "level", "redis", "result", "miss"))
					.isEqualTo(1);
				assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "get", "level",
						"local")).isEqualTo(1);
				assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "get", "level",
						"redis")).isEqualTo(2);
				assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "put", "level",
						"redis")).isEqualTo(1);
			}
			else {
				assertThat(registry.find("cache.level.gets").meters()).isEmpty();
				assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "get", "level",
						firstLevel)).isEqualTo(3);
				assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "put", "level",
						firstLevel)).isEqualTo(1);
			}

			if (driver.equals("memory") || driver.equals("tiered")) {
				catalog.product(id + 2);
				catalog.product(id + 3);
				if (driver.equals("tiered")) { // the write's report is in: level one keeps what it reads next
					await(() -> reported.contains("products::" + (id + 3)));
				}
				catalog.product(id + 3);
				assertThat(gauge(registry, "cache.size", "cache", "products")).isEqualTo(driver.equals("memory") ? 2 : 1);
			}
			else {
				assertThat(registry.find("cache.size").meters()).as("unknown for Redis").isEmpty();
			}
			if (!driver.equals("memory")) {
				assertThat(gauge(registry, "resilience4j.circuitbreaker.state", "name", "redis-cache", "state",
						"closed")).isEqualTo(1);
				assertThat(gauge(registry, "cache.pending.invalidations", "type", "keys")).isZero();
				assertThat(gauge(registry, "cache.pending.invalidations", "type", "clears")).isZero();
				String key = "products::" + (id + 9);
				try (RespClient client = client(driver, key)) {
					client.set(key, "not an entry");
				}
				assertThat(catalog.product(id + 9)).isEqualTo("product " + (id + 9));
				assertThat(count(registry, "cache.faults", "cache", "products", "kind", "unreadable")).isEqualTo(1);

				RedisServer holder = holder(driver, key);
				holder.pause(); // an eviction that cannot reach Redis is kept, and counted as a failed eviction
				try {
					catalog.evict(id + 9);
					assertThat(gauge(registry, "cache.pending.invalidations", "type", "keys")).isEqualTo(1);
				}
				finally {
					holder.resume();
				}
				assertThat(count(registry, "cache.faults", "cache", "products", "kind", "evict_failed")).isEqualTo(1);
			}
		});
	}

	@Test
	void waitsForAnotherInstancesLoadAreTimed() throws Exception {
		ApplicationContextRunner redis = runner("REDIS_URL", server().url());
		redis.run((first) -> redis.run((second) -> {
			clearStore("redis");
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			first.getBean(Catalog.class).slowPriceGate(loading, release);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				Future<String> owner = threads.submit(() -> first.getBean(Catalog.class).price(7));
				assertThat(loading.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first instance loads").isTrue();
				long setsBefore = server().commandStats().getOrDefault("set", 0L);
				Future<String> waiter = threads.submit(() -> second.getBean(Catalog.class).price(7));
				// the second instance's SET NX found the lock taken: it waits
				await(() -> server().commandStats().getOrDefault("set", 0L) > setsBefore);
				release.countDown();
				assertThat(owner.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("price 7");
				assertThat(waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("price 7");
			}
			finally {
				release.countDown();
				threads.shutdownNow();
			}
			assertThat(second.getBean(Catalog.class).priceLoads()).as("the waiter did not load").hasValue(0);
			assertThat(count(second.getBean(MeterRegistry.class), "cache.load.waits")).isEqualTo(1);
			assertThat(count(first.getBean(MeterRegistry.class), "cache.load.waits")).isZero();
		}));
	}

	@Test
	void memoryStoreEvictionsAreCounted() {
		runner("CACHE_DRIVER", "memory").withPropertyValues("cache-platform.cache.max-capacity=2").run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			for (long id = 0; id < 5; id++) {
				catalog.product(id);
			}
			CachePlatformCacheManager manager = context.getBean(CachePlatformCacheManager.class);
			assertThat(manager.getProvider()).isNotNull();
			((dev.cacheplatform.cache.memory.MemoryCacheProvider) manager.getProvider()).estimatedSize();
			assertThat(count(context.getBean(MeterRegistry.class), "cache.evictions", "cache", "products"))
				.isEqualTo(3);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("drivers")
	void tenantTagStaysWithinItsCap(String driver, String firstLevel, Supplier<String[]> variables,
			CapturedOutput output) {
		runner(variables.get())
			.withPropertyValues("cache-platform.metrics.tenant-tag=true", "cache-platform.metrics.max-tenants=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Catalog catalog = context.getBean(Catalog.class);
				clearStore(driver);
				catalog.product(1);
				for (int tenant = 0; tenant < 50; tenant++) {
					TenantScope.run("hostile-" + tenant, () -> catalog.product(1));
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Set<String> tenants = registry.find("cache.gets")
					.meters()
					.stream()
					.map((meter) -> meter.getId().getTag("tenant"))
					.collect(Collectors.toSet());
				assertThat(tenants).containsExactlyInAnyOrder("none", "hostile-0", "hostile-1", "hostile-2", "other");
				assertThat(count(registry, "cache.gets", "cache", "products", "tenant", "other", "result", "miss"))
					.isEqualTo(47);
				assertThat(output.toString().split("tagged tenant=other", -1)).as("one warning").hasSize(2);
				// the latency histogram (about 70 series per timer) is never multiplied by tenants
				assertThat(registry.find("cache.backend.latency").timers()).isNotEmpty()
					.allSatisfy((timer) -> assertThat(timer.getId().getTag("tenant")).isNull());
			});
	}

	@Test
	void observationsShowHitsAndMisses() {
		List<String> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context.getName() + " " + context.getLowCardinalityKeyValue("cache").getValue() + " "
						+ context.getLowCardinalityKeyValue("driver").getValue() + " "
						+ context.getLowCardinalityKeyValue("result").getValue());
			}

		});
		runner("CACHE_DRIVER", "memory").withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			catalog.product(1);
			catalog.product(1);
			assertThat(stopped).containsExactly("cache.get products memory miss", "cache.put products memory success",
					"cache.get products memory hit");
		});
	}

	@Test
	void appComingFromStockBootKeepsItsCacheGetsNameAndTags() {
		ApplicationContextRunner stock = runner().withPropertyValues("spring.cache.type=caffeine",
				"spring.cache.cache-names=products", "spring.cache.caffeine.spec=recordStats");
		Set<Tag> stockTags = Set.of();
		Set<String> stockKeys = Set.of();
		Meter.Id[] seen = new Meter.Id[1];
		stock.run((context) -> {
			context.getBean(Catalog.class).product(1);
			seen[0] = context.getBean(MeterRegistry.class).get("cache.gets").tags("cache", "products", "result", "hit")
				.meter()
				.getId();
		});
		stockKeys = seen[0].getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
		stockTags = Set.copyOf(seen[0].getTags());
		Set<Tag> expected = stockTags;
		Set<String> expectedKeys = stockKeys;
		runner("CACHE_DRIVER", "memory").withPropertyValues("spring.cache.cache-names=products").run((context) -> {
			context.getBean(Catalog.class).product(1);
			context.getBean(Catalog.class).product(1);
			Meter ours = context.getBean(MeterRegistry.class).get("cache.gets").tags("cache", "products", "result", "hit")
				.meter();
			assertThat(ours.getId().getTags()).containsAll(expected);
			assertThat(ours.getId().getTags().stream().map(Tag::getKey)).containsAll(expectedKeys);
			assertThat(((Counter) ours).count()).isEqualTo(1);
		});
	}

	@Test
	void withoutMicrometerTheCachesWorkUnmeasured() {
		runner("CACHE_DRIVER", "memory").withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(CacheMeters.class);
				context.getBean(Catalog.class).product(1);
				context.getBean(Catalog.class).product(1);
				assertThat(context.getBean(Catalog.class).loads()).hasValue(1);
			});
	}

	private static ApplicationContextRunner runner(String... variables) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
					CachePlatformAutoConfiguration.class, CacheAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					CacheMetricsAutoConfiguration.class, CachePlatformMetricsAutoConfiguration.class))
			.withBean(Catalog.class)
			.withInitializer(EnvironmentVariablesInitializer.of(variables));
	}

	private static void clearStore(String driver) {
		if (driver.equals("redis-cluster")) {
			for (RedisServer node : cluster().nodes()) {
				try (RespClient client = node.client(0)) {
					client.command("FLUSHDB");
				}
			}
		}
		else if (!driver.equals("memory")) {
			try (RespClient client = client(driver, "")) {
				client.command("FLUSHDB");
			}
		}
	}

	/** The server that holds a key of the cache role: the cluster node of its slot, the sentinel's master. */
	private static RedisServer holder(String driver, String key) {
		return switch (driver) {
			case "redis-cluster" -> cluster().nodeFor(key);
			case "redis-sentinel" -> sentinel().master();
			default -> server();
		};
	}

	/** A client on the cache role's database of the server that holds the key (a cluster has only 0). */
	private static RespClient client(String driver, String key) {
		return holder(driver, key).client(driver.equals("redis-cluster") ? 0 : 1);
	}

	private static void awaitTracking(org.springframework.context.ApplicationContext context, String driver) {
		if (driver.equals("tiered")) {
			await(() -> context.getBean(NearCache.class).isTracking());
		}
	}

	private static NearCache near(org.springframework.context.ApplicationContext context) {
		return context.getBean(NearCache.class);
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		double total = 0;
		for (Meter meter : registry.find(name).tags(tags).meters()) {
			if (meter instanceof Counter counter) {
				total += counter.count();
			}
			else if (meter instanceof FunctionCounter counter) {
				total += counter.count();
			}
			else if (meter instanceof Timer timer) {
				total += timer.count();
			}
		}
		return total;
	}

	private static double gauge(MeterRegistry registry, String name, String... tags) {
		Gauge gauge = registry.find(name).tags(tags).gauge();
		assertThat(gauge).as(name + " " + String.join(",", tags)).isNotNull();
		return gauge.value();
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within " + WAIT).isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private static synchronized RedisServer server() {
		if (server == null) {
			server = RedisServer.builder().start();
		}
		return server;
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

	/** The application's cached methods. */
	public static class Catalog {

		private final AtomicInteger loads = new AtomicInteger();

		public AtomicInteger loads() {
			return this.loads;
		}

		@Cacheable("products")
		public String product(long id) {
			this.loads.incrementAndGet();
			return "product " + id;
		}

		private final AtomicInteger priceLoads = new AtomicInteger();

		private volatile @Nullable CountDownLatch loading;

		private volatile @Nullable CountDownLatch release;

		public AtomicInteger priceLoads() {
			return this.priceLoads;
		}

		/** Makes the next price loads signal {@code loading}, then wait for {@code release}. */
		public void slowPriceGate(CountDownLatch loading, CountDownLatch release) {
			this.loading = loading;
			this.release = release;
		}

		@Cacheable(cacheNames = "prices", sync = true)
		public String price(long id) throws InterruptedException {
			this.priceLoads.incrementAndGet();
			CountDownLatch started = this.loading;
			CountDownLatch gate = this.release;
			if (started != null && gate != null) {
				started.countDown();
				gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			return "price " + id;
		}

		@CacheEvict("products")
		public void evict(long id) {
		}

		@CacheEvict(cacheNames = "products", allEntries = true)
		public void clear() {
		}

	}

}

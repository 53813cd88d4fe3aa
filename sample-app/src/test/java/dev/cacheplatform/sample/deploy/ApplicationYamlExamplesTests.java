package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.connection.CachePlatformRedisProperties;
import dev.cacheplatform.connection.RedisEndpoint.Node;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import dev.cacheplatform.session.SessionStore;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code config/application-*.yml} example: each key must bind to a {@code cache-platform.*} property
 * (bound strictly, so a misspelt key fails instead of being ignored), and each example must resolve to what its
 * comments describe in a context with the real auto-configuration. The machine's own environment variables are
 * replaced by the test's, so a REDIS_URL on the build machine cannot change the outcome.
 */
class ApplicationYamlExamplesTests {

	private static final Map<String, Class<?>> PROPERTIES = Map.of("cache-platform.redis",
			CachePlatformRedisProperties.class, "cache-platform.cache", CachePlatformCacheProperties.class,
			"cache-platform.session", CachePlatformSessionProperties.class, "cache-platform.tenant",
			CachePlatformTenantProperties.class);

	static Stream<String> examples() throws IOException {
		try (Stream<Path> files = Files.list(ProjectFiles.resolve("config"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.startsWith("application-") && name.endsWith(".yml"))
				.sorted()
				.toList()
				.stream();
		}
	}

	@Test
	void thereIsAProfileForEachWayToReachRedis() throws IOException {
		assertThat(examples()).containsExactlyInAnyOrder("application-redis.yml", "application-cluster.yml",
				"application-sentinel.yml", "application-two-servers.yml");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyKeyBindsToAStarterProperty(String example) {
		PropertySource<?> yaml = load(example);
		String[] keys = ((EnumerablePropertySource<?>) yaml).getPropertyNames();
		assertThat(keys).isNotEmpty()
			.allSatisfy((key) -> assertThat(PROPERTIES.keySet()).anySatisfy((prefix) -> assertThat(key)
				.startsWith(prefix + ".")));
		Binder binder = new Binder(ConfigurationPropertySources.from(yaml));
		PROPERTIES.forEach((prefix, type) -> binder.bind(prefix, Bindable.of(type),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT)));
		run(yaml, Map.of(), (context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void redisProfileKeepsCacheAndSessionsInTwoDatabasesOfOneServer() {
		PropertySource<?> yaml = load("application-redis.yml");
		run(yaml, Map.of(), (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.STANDALONE);
			assertThat(endpoints.cache().host()).isEqualTo("redis");
			assertThat(endpoints.cache().database()).isEqualTo(1);
			assertThat(endpoints.session().database()).isZero();
			assertThat(endpoints.cache().password()).isNull();
			CachePlatformCacheProperties cache = context.getBean(CachePlatformCacheProperties.class);
			assertThat(cache.getDriver()).isEqualTo(CacheDriver.REDIS);
			assertThat(cache.getPrefix()).isEqualTo("shop:");
			assertThat(cache.getTtl()).isEqualTo(Duration.ofMinutes(5));
			assertThat(cache.getTtlJitter()).isEqualTo(0.1);
			assertThat(cache.getCaches().get("rates").getTtl()).isEqualTo(Duration.ofHours(6));
			CachePlatformSessionProperties session = context.getBean(CachePlatformSessionProperties.class);
			assertThat(session.getStore()).isEqualTo(SessionStore.REDIS);
			assertThat(session.getTimeout()).isEqualTo(Duration.ofHours(24));
		});
		// the password from the environment, as the file's comment says
		try (RedisServer server = RedisServer.builder().password("from-the-environment").start()) {
			runLive(yaml, Map.of("REDIS_URL", "redis://127.0.0.1:" + server.port(), "REDIS_PASSWORD",
					"from-the-environment"), (context) -> {
						ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
						String session = ExampleContexts.sessionRoundTrip(context);
						assertThat(server.keys(1)).containsExactly("shop:rates::EUR-USD");
						assertThat(server.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
					});
		}
	}

	@Test
	void clusterProfileSelectsTheClusterDriverWithTopologyRefresh() {
		run(load("application-cluster.yml"), Map.of(), (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.CLUSTER);
			assertThat(endpoints.cache().nodes()).containsExactly(new Node("redis-cluster-0.redis-cluster", 6379),
					new Node("redis-cluster-1.redis-cluster", 6379), new Node("redis-cluster-2.redis-cluster", 6379));
			assertThat(endpoints.session().topology()).isEqualTo(RedisTopology.CLUSTER);
			CachePlatformRedisProperties redis = context.getBean(CachePlatformRedisProperties.class);
			assertThat(redis.getCluster().getRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
			assertThat(redis.getCluster().isAdaptiveRefresh()).isTrue();
			assertThat(context.getBean(CachePlatformCacheProperties.class).getDriver())
				.isEqualTo(CacheDriver.REDIS_CLUSTER);
		});
	}

	@Test
	void sentinelProfileFindsTheMasterThroughThreeSentinels() {
		run(load("application-sentinel.yml"), Map.of(), (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SENTINEL);
			assertThat(endpoints.cache().sentinelMaster()).isEqualTo("mymaster");
			assertThat(endpoints.cache().nodes()).hasSize(3);
			assertThat(endpoints.cache().database()).isEqualTo(1);
			assertThat(endpoints.session().database()).isZero();
			assertThat(context.getBean(CachePlatformCacheProperties.class).getDriver())
				.isEqualTo(CacheDriver.REDIS_SENTINEL);
		});
	}

	@Test
	void twoServersProfileTakesTheSessionPasswordFromTheEnvironment() {
		PropertySource<?> yaml = load("application-two-servers.yml");
		run(yaml, Map.of(), (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(List.of(endpoints.cache().host(), endpoints.cache().port(), endpoints.cache().database()))
				.containsExactly("127.0.0.1", 6379, 1);
			assertThat(List.of(endpoints.session().host(), endpoints.session().port(), endpoints.session().database()))
				.containsExactly("127.0.0.1", 6378, 0);
		});
		try (RedisServer cache = RedisServer.builder().configFile(ProjectFiles.resolve("config/redis-cache.conf")).start();
				RedisServer sessions = RedisServer.builder()
					.configFile(ProjectFiles.resolve("config/redis-session.conf"))
					.password("from-the-environment")
					.start()) {
			runLive(yaml, Map.of("CACHE_REDIS_URL", "redis://127.0.0.1:" + cache.port() + "/1", "SESSION_REDIS_URL",
					"redis://:from-the-environment@127.0.0.1:" + sessions.port() + "/0"), (context) -> {
						ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
						String session = ExampleContexts.sessionRoundTrip(context);
						assertThat(cache.keys(1)).containsExactly("shop:rates::EUR-USD");
						assertThat(sessions.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
					});
		}
	}

	private static PropertySource<?> load(String example) {
		try {
			List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(example,
					new FileSystemResource(ProjectFiles.resolve("config/" + example)));
			assertThat(documents).as("YAML documents in %s", example).hasSize(1);
			return documents.get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void run(PropertySource<?> yaml, Map<String, String> variables,
			ContextConsumer<AssertableWebApplicationContext> consumer) {
		run(ExampleContexts.runner(), yaml, variables, consumer);
	}

	private static void runLive(PropertySource<?> yaml, Map<String, String> variables,
			ContextConsumer<AssertableWebApplicationContext> consumer) {
		run(ExampleContexts.liveRunner(), yaml, variables, consumer);
	}

	private static void run(WebApplicationContextRunner runner, PropertySource<?> yaml, Map<String, String> variables,
			ContextConsumer<AssertableWebApplicationContext> consumer) {
		runner.withInitializer((context) -> {
			context.getEnvironment().getPropertySources().addLast(yaml);
			ExampleContexts.installVariables(context.getEnvironment(), variables);
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			consumer.accept(context);
		});
	}

}

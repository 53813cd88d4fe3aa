package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.connection.RedisEndpoint;
import dev.cacheplatform.connection.RedisEndpoint.Node;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import dev.cacheplatform.session.SessionStore;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import dev.cacheplatform.testsupport.TlsMaterial;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code config/env/*.env} example, read as docker would read it, fed through the starter's real
 * environment post-processor and endpoint resolver: each variable must be one of the contract's and must set
 * a property (a typo sets nothing and fails here), and each example must resolve to the topology, databases,
 * TLS and credentials its comments describe. Then each example runs against real redis-servers, with only its
 * addresses pointed at them: a value is cached and a session stored where the example says.
 */
class EnvironmentExamplesTests {

	/** The variables of the configuration contract (DESIGN.md); the examples use these names only. */
	private static final Set<String> CONTRACT = Set.of("CACHE_DRIVER", "REDIS_URL", "CACHE_REDIS_URL",
			"SESSION_REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_USERNAME", "REDIS_PASSWORD", "CACHE_HOST",
			"CACHE_PORT", "CACHE_PASSWORD", "REDIS_CACHE_DB", "REDIS_SESSION_DB", "REDIS_DB", "REDIS_CLUSTER_NODES",
			"REDIS_SENTINEL_MASTER", "REDIS_SENTINEL_NODES", "CACHE_PREFIX", "REDIS_PREFIX", "CACHE_TTL_SECONDS",
			"CACHE_TTLS", "CACHE_MAX_CAPACITY", "CACHE_CLEANUP_INTERVAL", "SESSION_STORE", "SESSION_TTL",
			"CACHE_TENANT_HEADER");

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	private static final Duration SIX_HOURS = Duration.ofHours(6);

	private static final Duration DAY = Duration.ofHours(24);

	static Stream<String> examples() throws IOException {
		try (Stream<Path> files = Files.list(ProjectFiles.resolve("config/env"))) {
			return files.map((file) -> file.getFileName().toString()).filter((name) -> name.endsWith(".env")).sorted()
				.toList().stream();
		}
	}

	@Test
	void thereIsAnExampleForEveryWayToReachRedis() throws IOException {
		assertThat(examples()).containsExactlyInAnyOrder(
				"standalone.env", "tls.env", "unix-socket.env", "cluster.env", "sentinel.env", "two-servers.env");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyVariableIsPartOfTheContractAndSetsAProperty(String example) {
		Map<String, String> variables = read(example);
		assertThat(variables.keySet()).isSubsetOf(CONTRACT);
		run(variables, (context) -> {
			assertThat(context).hasNotFailed();
			assertThat(ExampleContexts.variablesUnderstood(context.getEnvironment()))
				.containsExactlyInAnyOrderElementsOf(variables.keySet());
		});
	}

	@Test
	void standaloneExampleKeepsCacheAndSessionsInTwoDatabasesOfOneServer() {
		Map<String, String> variables = read("standalone.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache()).satisfies(standalone("redis", 6379, 1, false));
			assertThat(endpoints.session()).satisfies(standalone("redis", 6379, 0, false));
			assertThat(endpoints.defaultEndpoint()).satisfies(standalone("redis", 6379, 0, false));
			assertThat(endpoints.cache().password()).isEqualTo("change-me");
			assertThat(endpoints.session().password()).isEqualTo("change-me");
			CachePlatformCacheProperties cache = context.getBean(CachePlatformCacheProperties.class);
			assertThat(cache.getDriver()).isEqualTo(CacheDriver.REDIS);
			assertThat(cache.getPrefix()).isEqualTo("shop:");
			assertThat(cache.getTtl()).isEqualTo(FIVE_MINUTES);
			assertThat(cache.getCaches()).hasSize(3);
			assertThat(cache.getCaches().get("company-settings").getTtl()).isEqualTo(Duration.ofHours(12));
			assertThat(cache.getCaches().get("user-preferences").getTtl()).isEqualTo(DAY);
			assertThat(cache.getCaches().get("rates").getTtl()).isEqualTo(SIX_HOURS);
			CachePlatformSessionProperties session = context.getBean(CachePlatformSessionProperties.class);
			assertThat(session.getStore()).isEqualTo(SessionStore.REDIS);
			assertThat(session.getTimeout()).isEqualTo(DAY);
		});
		try (RedisServer server = RedisServer.builder().password(variables.get("REDIS_PASSWORD")).start()) {
			Map<String, String> live = replace(replace(variables, "REDIS_HOST", "redis", server.host()), "REDIS_PORT",
					"6379", String.valueOf(server.port()));
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(server.keys(1)).containsExactly("shop:rates::EUR-USD");
				assertThat(server.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
				try (RespClient client = server.client(1)) {
					assertThat(client.pttl("shop:rates::EUR-USD")).satisfies(ExampleContexts.closeTo(SIX_HOURS));
				}
				try (RespClient client = server.client(0)) {
					assertThat(client.pttl("shop:session:sessions:v2:" + session)).satisfies(ExampleContexts.closeTo(DAY));
				}
			});
		}
	}

	@Test
	void tlsExampleUsesTlsWithAnAclUser() {
		Map<String, String> variables = read("tls.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache()).satisfies(standalone("redis.example.com", 6380, 1, true));
			assertThat(endpoints.session()).satisfies(standalone("redis.example.com", 6380, 0, true));
			assertThat(endpoints.cache().username()).isEqualTo("app");
			assertThat(endpoints.cache().password()).isEqualTo("change-me");
		});
		try (TlsMaterial tls = TlsMaterial.generate();
				RedisServer server = RedisServer.builder().tls(tls).aclUser("app", "change-me").start()) {
			Map<String, String> live = new LinkedHashMap<>(
					replace(variables, "REDIS_URL", "redis.example.com:6380", "localhost:" + server.port()));
			// the test's own CA, as the example's comment says for a private CA
			live.put("REDIS_TLS_CA_CERT", tls.caCertificate().toString());
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(server.keys(1)).containsExactly("shop:rates::EUR-USD");
				assertThat(server.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
			});
		}
	}

	@Test
	void unixSocketExampleReachesTwoLocalServersOverTheirSockets() {
		Map<String, String> variables = read("unix-socket.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SOCKET);
			assertThat(endpoints.cache().socketPath()).isEqualTo("/var/run/redis/redis.sock");
			assertThat(endpoints.cache().database()).isEqualTo(1);
			assertThat(endpoints.cache().password()).isNull();
			assertThat(endpoints.session().topology()).isEqualTo(RedisTopology.SOCKET);
			assertThat(endpoints.session().socketPath()).isEqualTo("/var/run/redis-persistent/redis.sock");
			assertThat(endpoints.session().database()).isZero();
			assertThat(endpoints.session().password()).isEqualTo("CHANGE-ME-session-password");
		});
		try (RedisServer cache = RedisServer.builder().configFile(ProjectFiles.resolve("config/redis-cache.conf"))
			.unixSocket().start();
				RedisServer sessions = RedisServer.builder()
					.configFile(ProjectFiles.resolve("config/redis-session.conf"))
					.password("CHANGE-ME-session-password")
					.unixSocket()
					.start()) {
			Map<String, String> live = replace(
					replace(variables, "CACHE_REDIS_URL", "/var/run/redis/redis.sock", cache.socketPath().toString()),
					"SESSION_REDIS_URL", "/var/run/redis-persistent/redis.sock", sessions.socketPath().toString());
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(cache.keys(1)).containsExactly("shop:rates::EUR-USD");
				assertThat(sessions.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
				assertThat(cache.keys(0)).isEmpty();
			});
		}
	}

	@Test
	void clusterExampleSelectsTheClusterDriverAndDatabaseZero() {
		Map<String, String> variables = read("cluster.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.CLUSTER);
			assertThat(endpoints.cache().nodes()).containsExactly(new Node("redis-cluster-0.redis-cluster", 6379),
					new Node("redis-cluster-1.redis-cluster", 6379), new Node("redis-cluster-2.redis-cluster", 6379));
			assertThat(endpoints.cache().database()).isZero();
			assertThat(endpoints.session().topology()).isEqualTo(RedisTopology.CLUSTER);
			assertThat(endpoints.session().password()).isEqualTo("change-me");
			assertThat(context.getBean(CachePlatformCacheProperties.class).getDriver())
				.isEqualTo(CacheDriver.REDIS_CLUSTER);
		});
		try (RedisCluster cluster = RedisCluster.builder().password(variables.get("REDIS_PASSWORD")).start()) {
			Map<String, String> live = new LinkedHashMap<>(variables);
			live.put("REDIS_CLUSTER_NODES", cluster.seeds());
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(cluster.keys()).contains("shop:rates::EUR-USD", "shop:session:sessions:v2:" + session);
			});
		}
	}

	@Test
	void sentinelExampleFindsTheMasterThroughTheSentinels() {
		Map<String, String> variables = read("sentinel.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SENTINEL);
			assertThat(endpoints.cache().sentinelMaster()).isEqualTo("mymaster");
			assertThat(endpoints.cache().nodes()).hasSize(3).allSatisfy((node) -> assertThat(node.port()).isEqualTo(26379));
			assertThat(endpoints.cache().database()).isEqualTo(1);
			assertThat(endpoints.session().database()).isZero();
			assertThat(endpoints.cache().password()).isEqualTo("change-me");
			assertThat(context.getBean(CachePlatformCacheProperties.class).getDriver())
				.isEqualTo(CacheDriver.REDIS_SENTINEL);
		});
		try (RedisSentinel sentinel = RedisSentinel.builder().masterName(variables.get("REDIS_SENTINEL_MASTER"))
			.password(variables.get("REDIS_PASSWORD")).start()) {
			Map<String, String> live = new LinkedHashMap<>(variables);
			live.put("REDIS_SENTINEL_NODES", sentinel.nodes());
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(sentinel.master().keys(1)).containsExactly("shop:rates::EUR-USD");
				assertThat(sentinel.master().keys(0)).containsExactly("shop:session:sessions:v2:" + session);
			});
		}
	}

	@Test
	void twoServersExamplePutsSessionsOnThePersistentServerWithItsOwnPassword() {
		Map<String, String> variables = read("two-servers.env");
		run(variables, (context) -> {
			RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
			assertThat(endpoints.cache()).satisfies(standalone("127.0.0.1", 6379, 1, false));
			assertThat(endpoints.cache().password()).isNull();
			assertThat(endpoints.session()).satisfies(standalone("127.0.0.1", 6378, 0, false));
			assertThat(endpoints.session().password()).isEqualTo("CHANGE-ME-session-password");
			assertThat(context.getBean(CachePlatformSessionProperties.class).getTimeout()).isEqualTo(DAY);
		});
		// the shipped server configs, unchanged but for the test's ports: the example and the configs fit together
		try (RedisServer cache = RedisServer.builder().configFile(ProjectFiles.resolve("config/redis-cache.conf")).start();
				RedisServer sessions = RedisServer.builder()
					.configFile(ProjectFiles.resolve("config/redis-session.conf"))
					.password("CHANGE-ME-session-password")
					.start()) {
			Map<String, String> live = replace(
					replace(variables, "CACHE_REDIS_URL", "127.0.0.1:6379", "127.0.0.1:" + cache.port()),
					"SESSION_REDIS_URL", "127.0.0.1:6378", "127.0.0.1:" + sessions.port());
			runLive(live, (context) -> {
				ExampleContexts.cacheRoundTrip(context, "rates", "EUR-USD");
				String session = ExampleContexts.sessionRoundTrip(context);
				assertThat(cache.keys(1)).containsExactly("shop:rates::EUR-USD");
				assertThat(sessions.keys(0)).containsExactly("shop:session:sessions:v2:" + session);
				assertThat(cache.keys(0)).isEmpty();
				assertThat(sessions.keys(1)).isEmpty();
				try (RespClient client = sessions.client(0)) {
					assertThat(client.pttl("shop:session:sessions:v2:" + session)).satisfies(ExampleContexts.closeTo(DAY));
				}
			});
		}
	}

	private static Map<String, String> read(String example) {
		return EnvFile.read(ProjectFiles.resolve("config/env/" + example));
	}

	private static void run(Map<String, String> variables, ContextConsumer<AssertableWebApplicationContext> consumer) {
		run(ExampleContexts.runner(), variables, consumer);
	}

	private static void runLive(Map<String, String> variables, ContextConsumer<AssertableWebApplicationContext> consumer) {
		run(ExampleContexts.liveRunner(), variables, consumer);
	}

	private static void run(WebApplicationContextRunner runner, Map<String, String> variables,
			ContextConsumer<AssertableWebApplicationContext> consumer) {
		runner
			.withInitializer((context) -> ExampleContexts.installVariables(context.getEnvironment(), variables))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				consumer.accept(context);
			});
	}

	/**
	 * Points one variable at a test server: the example's address must be in it, so an example that changes
	 * its address without this test noticing fails here.
	 */
	private static Map<String, String> replace(Map<String, String> variables, String name, String exampleText,
			String liveText) {
		assertThat(variables).containsKey(name);
		assertThat(variables.get(name)).contains(exampleText);
		Map<String, String> live = new LinkedHashMap<>(variables);
		live.put(name, variables.get(name).replace(exampleText, liveText));
		return live;
	}

	private static ThrowingConsumer<RedisEndpoint> standalone(String host, int port, int database, boolean tls) {
		return (endpoint) -> assertThat(List.of(endpoint.topology(), String.valueOf(endpoint.host()), endpoint.port(),
				endpoint.database(), endpoint.tls()))
			.containsExactly(RedisTopology.STANDALONE, host, port, database, tls);
	}

}

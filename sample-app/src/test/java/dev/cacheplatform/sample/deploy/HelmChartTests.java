package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.testsupport.RespClient;
import dev.cacheplatform.testsupport.RespClient.RedisError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.cacheplatform.sample.deploy.Manifests.container;
import static dev.cacheplatform.sample.deploy.Manifests.env;
import static dev.cacheplatform.sample.deploy.Manifests.list;
import static dev.cacheplatform.sample.deploy.Manifests.map;
import static dev.cacheplatform.sample.deploy.Manifests.plainEnv;
import static dev.cacheplatform.sample.deploy.Manifests.podSpec;
import static dev.cacheplatform.sample.deploy.Manifests.secretData;
import static dev.cacheplatform.sample.deploy.Manifests.secretKeyRef;
import static dev.cacheplatform.sample.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Lints and renders {@code helm/cache-platform} with Helm itself (helm-java runs Helm as a native library, no
 * binary or cluster needed) and checks the manifests: what the app is told about Redis, where passwords come
 * from, probes, resources, the session server's volume, and that the other modes leave the bundled servers out.
 * The rendered Redis command is run against a real redis-server, and the rendered app environment is fed to the
 * starter's own resolver, so "wired correctly" means what the starter and Redis make of it.
 */
class HelmChartTests {

	private static final Path CHART = ProjectFiles.resolve("helm/cache-platform");

	private static final String RELEASE = "shop";

	private static final String APP = "shop-cache-platform";

	private static final String CACHE_REDIS = "shop-cache-platform-cache-redis";

	private static final String SESSION_REDIS = "shop-cache-platform-session-redis";

	@TempDir
	Path temp;

	@Test
	void chartPassesStrictLint() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[ERROR]") || message.contains("[WARNING]"));
	}

	@Test
	void chartShipsTheServerConfigsOfTheConfigDirectoryUnchanged() throws IOException {
		for (String file : List.of("redis-cache.conf", "redis-session.conf")) {
			assertThat(CHART.resolve("files/" + file)).as(file).hasSameTextualContentAs(ProjectFiles.resolve("config/" + file));
		}
	}

	@Test
	void byDefaultTheAppGetsABundledCacheRedisAndAPersistentSessionRedis() {
		Manifests manifests = render("");
		assertThat(manifests.names()).containsExactlyInAnyOrder("Secret/" + APP, "ConfigMap/" + CACHE_REDIS,
				"ConfigMap/" + SESSION_REDIS, "Service/" + APP, "Service/" + CACHE_REDIS, "Service/" + SESSION_REDIS,
				"Service/" + SESSION_REDIS + "-headless", "Deployment/" + APP, "Deployment/" + CACHE_REDIS,
				"StatefulSet/" + SESSION_REDIS, "ServiceAccount/" + APP, "PodDisruptionBudget/" + APP,
				"NetworkPolicy/" + APP, "NetworkPolicy/" + CACHE_REDIS, "NetworkPolicy/" + SESSION_REDIS);
		Map<String, String> app = plainEnv(container(manifests.get("Deployment", APP)));
		assertThat(app).containsEntry("REDIS_URL", "redis://" + SESSION_REDIS + ":6378/0")
			.containsEntry("CACHE_REDIS_URL", "redis://" + CACHE_REDIS + ":6379/1")
			.containsEntry("CACHE_TTL_SECONDS", "300")
			.doesNotContainKeys("CACHE_DRIVER", "REDIS_CLUSTER_NODES", "REDIS_SENTINEL_MASTER");
		assertServiceReaches(manifests, CACHE_REDIS, 6379, manifests.get("Deployment", CACHE_REDIS));
		assertServiceReaches(manifests, SESSION_REDIS, 6378, manifests.get("StatefulSet", SESSION_REDIS));
	}

	@Test
	void passwordsComeFromTheSecretAndAppearNowhereElse() {
		String rendered = renderText("");
		Manifests manifests = Manifests.parse(rendered);
		Map<String, String> secret = secretData(manifests.get("Secret", APP));
		assertThat(secret.keySet()).containsExactlyInAnyOrder("redis-password", "cache-redis-password");
		assertThat(secret.values()).allSatisfy((password) -> assertThat(password).hasSize(32));
		assertThat(secret.get("redis-password")).isNotEqualTo(secret.get("cache-redis-password"));
		// the app and each server read the same key: the session password for REDIS_PASSWORD, the cache's for
		// CACHE_PASSWORD, and each server's probe authenticates with its own
		assertSecretRef(container(manifests.get("Deployment", APP)), "REDIS_PASSWORD", "redis-password");
		assertSecretRef(container(manifests.get("Deployment", APP)), "CACHE_PASSWORD", "cache-redis-password");
		assertSecretRef(container(manifests.get("StatefulSet", SESSION_REDIS)), "REDIS_PASSWORD", "redis-password");
		assertSecretRef(container(manifests.get("StatefulSet", SESSION_REDIS)), "REDISCLI_AUTH", "redis-password");
		assertSecretRef(container(manifests.get("Deployment", CACHE_REDIS)), "REDIS_PASSWORD", "cache-redis-password");
		assertSecretRef(container(manifests.get("Deployment", CACHE_REDIS)), "REDISCLI_AUTH", "cache-redis-password");
		for (String password : secret.values()) {
			assertThat(rendered.split("\n---")).filteredOn((document) -> !document.contains("kind: Secret"))
				.hasSize(14)
				.noneMatch((document) -> document.contains(password));
		}
	}

	@Test
	void givenPasswordsAndAnExistingSecretAreUsed() {
		Manifests given = render("""
				auth:
				  password: session-pw
				  cachePassword: cache-pw
				""");
		assertThat(secretData(given.get("Secret", APP))).containsEntry("redis-password", "session-pw")
			.containsEntry("cache-redis-password", "cache-pw");
		Manifests existing = render("""
				auth:
				  existingSecret: shop-redis-credentials
				""");
		assertThat(existing.ofKind("Secret")).isEmpty();
		assertThat(secretKeyRef(env(container(existing.get("Deployment", APP))).get("REDIS_PASSWORD")))
			.containsEntry("name", "shop-redis-credentials");
		assertThat(secretKeyRef(env(container(existing.get("StatefulSet", SESSION_REDIS))).get("REDIS_PASSWORD")))
			.containsEntry("name", "shop-redis-credentials");
	}

	@Test
	void everyContainerHasProbesAndResourceLimits() {
		Manifests manifests = render("");
		Map<String, Object> app = container(manifests.get("Deployment", APP));
		assertThat(map(map(app, "livenessProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness")
			.containsEntry("port", "management");
		assertThat(map(map(app, "readinessProbe"), "httpGet")).containsEntry("path", "/actuator/health/readiness")
			.containsEntry("port", "management");
		assertThat(map(map(app, "startupProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness")
			.containsEntry("port", "management");
		assertThat(list(app.get("ports"))).satisfiesExactly(
				(port) -> assertThat(port).containsEntry("name", "http").containsEntry("containerPort", 8080),
				(port) -> assertThat(port).containsEntry("name", "management").containsEntry("containerPort", 8081));
		assertThat(env(app)).containsKey("MANAGEMENT_SERVER_PORT");
		for (Map<String, Object> redis : List.of(container(manifests.get("Deployment", CACHE_REDIS)),
				container(manifests.get("StatefulSet", SESSION_REDIS)))) {
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				assertThat(String.join(" ", strings(map(map(redis, probe), "exec").get("command")))).as(probe)
					.contains("redis-cli -p ").contains(" ping");
			}
			assertThat(env(redis)).containsKey("REDISCLI_AUTH");
		}
		for (Map<String, Object> container : List.of(app, container(manifests.get("Deployment", CACHE_REDIS)),
				container(manifests.get("StatefulSet", SESSION_REDIS)))) {
			Map<String, Object> resources = map(container, "resources");
			assertThat(map(resources, "requests")).containsKeys("cpu", "memory");
			assertThat(map(resources, "limits")).containsKey("memory");
		}
	}

	@Test
	void theServiceUsersReachDoesNotRouteTheActuator() {
		Manifests manifests = render("");
		assertThat(list(map(manifests.get("Service", APP), "spec").get("ports"))).singleElement()
			.satisfies((port) -> assertThat(port).containsEntry("targetPort", "http"));
	}

	@Test
	void sessionRedisKeepsItsDataOnAVolumeAndBothServersRunTheShippedConfigs() throws IOException {
		Manifests manifests = render("""
				redis:
				  session:
				    persistence:
				      size: 5Gi
				      storageClass: fast-ssd
				""");
		Map<String, Object> statefulSet = manifests.get("StatefulSet", SESSION_REDIS);
		assertThat(list(map(statefulSet, "spec").get("volumeClaimTemplates"))).singleElement().satisfies((claim) -> {
			assertThat(map(claim, "metadata")).containsEntry("name", "data");
			assertThat(map(claim, "spec")).containsEntry("storageClassName", "fast-ssd");
			assertThat(map(map(map(claim, "spec"), "resources"), "requests")).containsEntry("storage", "5Gi");
		});
		assertThat(list(container(statefulSet).get("volumeMounts"))).anySatisfy(
				(mount) -> assertThat(mount).containsEntry("name", "data").containsEntry("mountPath", "/data"));
		assertThat(list(podSpec(statefulSet).get("volumes"))).noneMatch((volume) -> "data".equals(volume.get("name")));
		assertThat(map(manifests.get("ConfigMap", SESSION_REDIS), "data").get("redis.conf"))
			.isEqualTo(Files.readString(ProjectFiles.resolve("config/redis-session.conf")));
		assertThat(map(manifests.get("ConfigMap", CACHE_REDIS), "data").get("redis.conf"))
			.isEqualTo(Files.readString(ProjectFiles.resolve("config/redis-cache.conf")));
		// the cache keeps nothing: its data directory is an emptyDir
		assertThat(list(podSpec(manifests.get("Deployment", CACHE_REDIS)).get("volumes")))
			.anySatisfy((volume) -> assertThat(volume).containsEntry("name", "data").containsKey("emptyDir"));
	}

	@Test
	void renderedSessionRedisCommandStartsTheConfigWithThePasswordOfTheSecret() {
		String password = "p@ss \"quoted\" \\ word";
		Manifests manifests = render("""
				auth:
				  password: '%s'
				""".formatted(password.replace("'", "''")));
		try (LaunchedRedis redis = launch(manifests, "StatefulSet", SESSION_REDIS, password);
				RespClient client = redis.client(password)) {
			assertThat(configGet(client, "appendonly")).isEqualTo("yes");
			assertThat(configGet(client, "maxmemory-policy")).isEqualTo("noeviction");
			assertThat(configGet(client, "maxmemory")).isEqualTo(String.valueOf(192L * 1024 * 1024));
			assertThatExceptionOfType(RedisError.class).isThrownBy(() -> redis.anonymousClient().ping());
			assertThat(redis.commandLines()).noneMatch((line) -> line.contains("quoted"));
		}
	}

	@Test
	void renderedCacheRedisCommandStartsTheConfigWithThePasswordOfTheSecret() {
		Manifests manifests = render("");
		String password = secretData(manifests.get("Secret", APP)).get("cache-redis-password");
		try (LaunchedRedis redis = launch(manifests, "Deployment", CACHE_REDIS, password);
				RespClient client = redis.client(password)) {
			assertThat(configGet(client, "maxmemory-policy")).isEqualTo("allkeys-lru");
			assertThat(configGet(client, "appendonly")).isEqualTo("no");
			assertThatExceptionOfType(RedisError.class).isThrownBy(() -> redis.anonymousClient().ping());
		}
	}

	@Test
	void renderedAppEnvironmentResolvesToTheBundledServices() {
		Map<String, String> variables = appVariables(render(""));
		ExampleContexts.runner()
			.withInitializer((context) -> ExampleContexts.installVariables(context.getEnvironment(), variables))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ExampleContexts.variablesUnderstood(context.getEnvironment())).containsExactlyInAnyOrder(
						"REDIS_URL", "REDIS_PASSWORD", "CACHE_REDIS_URL", "CACHE_PASSWORD", "CACHE_TTL_SECONDS");
				RedisEndpoints endpoints = context.getBean(RedisEndpoints.class);
				assertThat(List.of(endpoints.cache().host(), endpoints.cache().port(), endpoints.cache().database(),
						String.valueOf(endpoints.cache().password())))
					.containsExactly(CACHE_REDIS, 6379, 1, "secret:cache-redis-password");
				assertThat(List.of(endpoints.session().host(), endpoints.session().port(),
						endpoints.session().database(), String.valueOf(endpoints.session().password())))
					.containsExactly(SESSION_REDIS, 6378, 0, "secret:redis-password");
				assertThat(endpoints.defaultEndpoint().host()).isEqualTo(SESSION_REDIS);
			});
	}

	@Test
	void externalRedisReplacesTheBundledServers() {
		Manifests manifests = render("""
				redis:
				  mode: external
				  external:
				    url: rediss://redis.example.com:6380/0
				    cacheUrl: redis://cache.example.com:6379/2
				auth:
				  password: external-pw
				""");
		assertBundledServersAbsent(manifests);
		Map<String, Object> app = container(manifests.get("Deployment", APP));
		assertThat(plainEnv(app)).containsEntry("REDIS_URL", "rediss://redis.example.com:6380/0")
			.containsEntry("CACHE_REDIS_URL", "redis://cache.example.com:6379/2")
			.doesNotContainKeys("REDIS_CACHE_DB", "REDIS_SESSION_DB");
		assertSecretRef(app, "REDIS_PASSWORD", "redis-password");
		assertThat(secretKeyRef(env(app).get("CACHE_PASSWORD"))).containsEntry("optional", true);
		assertThat(secretData(manifests.get("Secret", APP))).containsOnlyKeys("redis-password");
		resolve(appVariables(manifests), (endpoints) -> {
			assertThat(endpoints.session().tls()).isTrue();
			assertThat(endpoints.session().host()).isEqualTo("redis.example.com");
			assertThat(endpoints.cache().host()).isEqualTo("cache.example.com");
			assertThat(endpoints.cache().database()).isEqualTo(2);
		});
	}

	@Test
	void clusterModeTellsTheAppTheNodesAndTheClusterDriver() {
		Manifests manifests = render("""
				redis:
				  mode: cluster
				  cluster:
				    nodes: [redis-0.redis:6379, redis-1.redis:6379, redis-2.redis:6379]
				auth:
				  password: cluster-pw
				""");
		assertBundledServersAbsent(manifests);
		Map<String, String> env = plainEnv(container(manifests.get("Deployment", APP)));
		assertThat(env).containsEntry("CACHE_DRIVER", "redis-cluster")
			.containsEntry("REDIS_CLUSTER_NODES", "redis-0.redis:6379,redis-1.redis:6379,redis-2.redis:6379")
			.doesNotContainKeys("REDIS_URL", "CACHE_REDIS_URL", "REDIS_CACHE_DB");
		resolve(appVariables(manifests), (endpoints) -> {
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.CLUSTER);
			assertThat(endpoints.cache().nodes()).hasSize(3);
			assertThat(endpoints.cache().password()).isEqualTo("secret:redis-password");
		});
	}

	@Test
	void sentinelModeTellsTheAppTheMasterTheSentinelsAndTheDatabases() {
		Manifests manifests = render("""
				redis:
				  mode: sentinel
				  sentinel:
				    master: shop-master
				    nodes: [sentinel-0:26379, sentinel-1:26379, sentinel-2:26379]
				auth:
				  password: sentinel-data-pw
				  sentinelPasswordKey: sentinel-password
				  sentinelPassword: sentinel-pw
				""");
		assertBundledServersAbsent(manifests);
		Map<String, Object> app = container(manifests.get("Deployment", APP));
		assertThat(plainEnv(app)).containsEntry("CACHE_DRIVER", "redis-sentinel")
			.containsEntry("REDIS_SENTINEL_MASTER", "shop-master")
			.containsEntry("REDIS_SENTINEL_NODES", "sentinel-0:26379,sentinel-1:26379,sentinel-2:26379")
			.containsEntry("REDIS_CACHE_DB", "1")
			.containsEntry("REDIS_SESSION_DB", "0");
		assertSecretRef(app, "REDIS_SENTINEL_PASSWORD", "sentinel-password");
		resolve(appVariables(manifests), (endpoints) -> {
			assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SENTINEL);
			assertThat(endpoints.cache().sentinelMaster()).isEqualTo("shop-master");
			assertThat(endpoints.cache().sentinelPassword()).isEqualTo("secret:sentinel-password");
			assertThat(endpoints.cache().database()).isEqualTo(1);
			assertThat(endpoints.session().database()).isZero();
		});
	}

	@Test
	void redisWithoutAPasswordSendsNone() {
		Manifests manifests = render("""
				redis:
				  mode: external
				  external:
				    url: redis://redis.internal:6379
				auth:
				  enabled: false
				""");
		assertThat(manifests.ofKind("Secret")).isEmpty();
		assertThat(env(container(manifests.get("Deployment", APP)))).doesNotContainKeys("REDIS_PASSWORD",
				"CACHE_PASSWORD");
	}

	@Test
	void externalRedisWithoutItsPasswordFailsTheRenderNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> render("""
				redis:
				  mode: external
				  external:
				    url: redis://redis.internal:6379
				""")).withMessageContaining("auth.password").withMessageContaining("auth.existingSecret");
	}

	@Test
	void externalModeWithoutAUrlFailsTheRenderNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> render("""
				redis:
				  mode: external
				auth:
				  enabled: false
				""")).withMessageContaining("redis.external.url");
	}

	@Test
	void clusterModeWithoutNodesFailsTheRenderNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> render("""
				redis:
				  mode: cluster
				auth:
				  password: x
				""")).withMessageContaining("redis.cluster.nodes");
	}

	@Test
	void unknownModeIsRejectedBySchema() {
		assertThatIllegalStateException().isThrownBy(() -> render("""
				redis:
				  mode: standalone
				""")).withMessageContaining("mode");
	}

	@Test
	void nodesGivenAsOneCommaSeparatedStringAreRejectedBySchema() {
		assertThatIllegalStateException().isThrownBy(() -> render("""
				redis:
				  mode: cluster
				  cluster:
				    nodes: ["redis-0:6379,redis-1:6379"]
				auth:
				  password: x
				""")).withMessageContaining("nodes");
	}

	private Manifests render(String values) {
		return Manifests.parse(renderText(values));
	}

	private String renderText(String values) {
		var template = new Helm(CHART).template().withName(RELEASE).withNamespace("shop").withKubeVersion("1.31.0");
		if (!values.isBlank()) {
			try {
				Path file = Files.createTempFile(this.temp, "values-", ".yaml");
				Files.writeString(file, values);
				template = template.withValuesFile(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return template.call();
	}

	/**
	 * Runs a rendered Redis container's command on this machine: its ConfigMap's redis.conf instead of the mount
	 * at /etc/redis, a temporary directory instead of the /data volume, and a free loopback port; the password
	 * comes from REDIS_PASSWORD as the secretKeyRef would set it.
	 */
	private LaunchedRedis launch(Manifests manifests, String kind, String name, String password) {
		Map<String, Object> container = container(manifests.get(kind, name));
		List<String> command = strings(container.get("command"));
		assertThat(command).hasSize(3).startsWith("sh", "-c");
		String script = command.get(2);
		assertThat(script).contains("redis-server /etc/redis/redis.conf --dir /data ");
		assertThat(secretKeyRef(env(container).get("REDIS_PASSWORD"))).isNotNull();
		try {
			Path conf = this.temp.resolve(name + ".conf");
			Files.writeString(conf, String.valueOf(map(manifests.get("ConfigMap", name), "data").get("redis.conf")));
			Path data = Files.createDirectories(this.temp.resolve(name + "-data"));
			int port = LaunchedRedis.freePort();
			String local = script.replace("redis-server /etc/redis/redis.conf --dir /data ",
					"redis-server " + conf + " --dir " + data + " --port " + port + " --bind 127.0.0.1 ");
			Map<String, String> environment = new HashMap<>();
			environment.put("REDIS_PASSWORD", password);
			environment.put("PATH", LaunchedRedis.binaryDirectory() + ":" + System.getenv("PATH"));
			return LaunchedRedis.start(List.of("sh", "-c", local), environment, data, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The app container's variables, each secretKeyRef replaced by {@code secret:<key>}. */
	private static Map<String, String> appVariables(Manifests manifests) {
		Map<String, String> variables = new LinkedHashMap<>();
		env(container(manifests.get("Deployment", APP))).forEach((name, variable) -> {
			Map<String, Object> ref = secretKeyRef(variable);
			variables.put(name, (ref != null) ? "secret:" + ref.get("key") : String.valueOf(variable.get("value")));
		});
		// Spring Boot's own, not the starter's
		variables.remove("SERVER_PORT");
		variables.remove("MANAGEMENT_SERVER_PORT");
		variables.remove("JAVA_TOOL_OPTIONS");
		return variables;
	}

	private static void resolve(Map<String, String> variables, java.util.function.Consumer<RedisEndpoints> assertions) {
		ExampleContexts.runner()
			.withInitializer((context) -> ExampleContexts.installVariables(context.getEnvironment(), variables))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ExampleContexts.variablesUnderstood(context.getEnvironment()))
					.containsExactlyInAnyOrderElementsOf(variables.keySet());
				assertions.accept(context.getBean(RedisEndpoints.class));
			});
	}

	private static void assertSecretRef(Map<String, Object> container, String variable, String key) {
		assertThat(env(container)).containsKey(variable);
		Map<String, Object> variableSpec = env(container).get(variable);
		assertThat(variableSpec).as(variable + " has no inline value").doesNotContainKey("value");
		assertThat(secretKeyRef(variableSpec)).as(variable).containsEntry("name", APP).containsEntry("key", key);
	}

	private static void assertServiceReaches(Manifests manifests, String service, int port, Map<String, Object> workload) {
		Map<String, Object> spec = map(manifests.get("Service", service), "spec");
		assertThat(list(spec.get("ports"))).singleElement().satisfies((servicePort) -> assertThat(servicePort)
			.containsEntry("port", port).containsEntry("targetPort", "redis"));
		Map<String, Object> podLabels = map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
		assertThat(podLabels).containsAllEntriesOf(map(spec, "selector"));
		assertThat(list(container(workload).get("ports"))).singleElement().satisfies((containerPort) -> assertThat(
				containerPort).containsEntry("name", "redis").containsEntry("containerPort", port));
	}

	private static void assertBundledServersAbsent(Manifests manifests) {
		assertThat(manifests.ofKind("StatefulSet")).isEmpty();
		assertThat(manifests.names()).noneMatch((name) -> name.contains("redis"));
		assertThat(manifests.ofKind("Deployment")).singleElement()
			.satisfies((deployment) -> assertThat(Manifests.name(deployment)).isEqualTo(APP));
	}

	private static String configGet(RespClient client, String name) {
		List<?> reply = (List<?>) client.command("CONFIG", "GET", name);
		return String.valueOf(reply.get(1));
	}

}

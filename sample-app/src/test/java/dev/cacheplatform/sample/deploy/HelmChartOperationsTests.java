package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static dev.cacheplatform.sample.deploy.Manifests.container;
import static dev.cacheplatform.sample.deploy.Manifests.env;
import static dev.cacheplatform.sample.deploy.Manifests.list;
import static dev.cacheplatform.sample.deploy.Manifests.map;
import static dev.cacheplatform.sample.deploy.Manifests.plainEnv;
import static dev.cacheplatform.sample.deploy.Manifests.podSpec;
import static dev.cacheplatform.sample.deploy.Manifests.secretKeyRef;
import static dev.cacheplatform.sample.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders {@code helm/cache-platform} with Helm (helm-java) and checks what it gives operators beyond the app and
 * its Redis: the Prometheus scrape of the management port (metrics Service, ServiceMonitor), the alert rules
 * (PrometheusRule), the optional redis_exporter sidecars, the PodDisruptionBudget, the NetworkPolicies and the
 * token-less ServiceAccount. Selectors are checked against the labels of what they must select, so a renamed
 * label fails here rather than in a cluster.
 */
class HelmChartOperationsTests {

	private static final Path CHART = ProjectFiles.resolve("helm/cache-platform");

	private static final String APP = "shop-cache-platform";

	private static final String CACHE_REDIS = "shop-cache-platform-cache-redis";

	private static final String SESSION_REDIS = "shop-cache-platform-session-redis";

	private static final String METRICS = """
			metrics:
			  enabled: true
			  serviceMonitor:
			    labels:
			      release: prometheus
			""";

	@TempDir
	Path temp;

	@Test
	void sampleAppExposesPrometheusOnTheManagementPortByDefault() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"));
		assertThat(sources).singleElement().satisfies((yaml) -> {
			assertThat(String.valueOf(yaml.getProperty("management.endpoints.web.exposure.include")).split(","))
				.contains("prometheus", "health");
			assertThat(yaml.getProperty("management.server.port")).hasToString("8081");
		});
	}

	@Test
	void withoutMetricsEnabledNoPrometheusObjectsAreRendered() {
		Manifests manifests = render("");
		assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
		assertThat(manifests.ofKind("PrometheusRule")).isEmpty();
		assertThat(manifests.find("Service", APP + "-metrics")).isEmpty();
	}

	@Test
	void serviceMonitorScrapesActuatorPrometheusOnTheManagementPortOfTheAppPodsOnly() {
		Manifests manifests = render(METRICS);
		Map<String, Object> service = manifests.get("Service", APP + "-metrics");
		assertThat(list(map(service, "spec").get("ports"))).singleElement()
			.satisfies((port) -> assertThat(port).containsEntry("name", "management")
				.containsEntry("port", 8081)
				.containsEntry("targetPort", "management"));
		assertThat(podLabels(manifests.get("Deployment", APP))).containsAllEntriesOf(map(map(service, "spec"), "selector"));
		assertThat(list(container(manifests.get("Deployment", APP)).get("ports")))
			.anySatisfy((port) -> assertThat(port).containsEntry("name", "management").containsEntry("containerPort", 8081));

		Map<String, Object> monitor = manifests.get("ServiceMonitor", APP);
		assertThat(map(map(monitor, "metadata"), "labels")).containsEntry("release", "prometheus");
		Map<String, Object> selector = map(map(map(monitor, "spec"), "selector"), "matchLabels");
		assertThat(map(map(service, "metadata"), "labels")).containsAllEntriesOf(selector);
		// the Service users reach is not scraped (it has no management port anyway)
		assertThat(map(map(manifests.get("Service", APP), "metadata"), "labels")).doesNotContainEntry(
				"app.kubernetes.io/component", selector.get("app.kubernetes.io/component"));
		assertThat(list(map(monitor, "spec").get("endpoints"))).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus")
				.containsEntry("interval", "30s"));
	}

	@Test
	void prometheusRuleCarriesTheAlertRulesOfTheConfigDirectoryUnchanged() throws IOException {
		assertThat(CHART.resolve("files/prometheus-alerts.yml"))
			.hasSameTextualContentAs(ProjectFiles.resolve("config/prometheus-alerts.yml"));
		Manifests manifests = render(METRICS);
		Object shipped = new Yaml(new SafeConstructor(new LoaderOptions()))
			.load(Files.readString(ProjectFiles.resolve("config/prometheus-alerts.yml")));
		Map<String, Object> rule = manifests.get("PrometheusRule", APP);
		assertThat(map(rule, "spec")).isEqualTo(shipped);
		assertThat(list(map(rule, "spec").get("groups"))).singleElement()
			.satisfies((group) -> assertThat(list(group.get("rules"))).extracting((alert) -> alert.get("alert"))
				.containsExactly("CachePlatformHitRatioCollapsed", "CachePlatformCircuitBreakerOpen",
						"CachePlatformCacheRedisNearMaxmemory", "CachePlatformCacheRedisWithoutMaxmemory",
						"CachePlatformSessionRedisEvicting"));
	}

	@Test
	void redisExporterSidecarsReadEachBundledServerWithItsOwnPassword() {
		assertThat(containers(render(METRICS).get("Deployment", CACHE_REDIS))).hasSize(1);
		Manifests manifests = render(METRICS + """
				  redisExporter:
				    enabled: true
				""");
		assertExporter(manifests.get("Deployment", CACHE_REDIS), 6379, "cache-redis-password");
		assertExporter(manifests.get("StatefulSet", SESSION_REDIS), 6378, "redis-password");
		Map<String, Object> monitor = manifests.get("ServiceMonitor", APP + "-redis");
		Map<String, Object> selector = map(map(map(monitor, "spec"), "selector"), "matchLabels");
		for (String service : List.of(CACHE_REDIS, SESSION_REDIS)) {
			assertThat(map(map(manifests.get("Service", service), "metadata"), "labels")).as(service)
				.containsAllEntriesOf(selector);
			assertThat(list(map(manifests.get("Service", service), "spec").get("ports")))
				.anySatisfy((port) -> assertThat(port).containsEntry("name", "metrics").containsEntry("port", 9121));
		}
		// the headless Service selects the same pod: scraping it too would count every server twice
		assertThat(map(map(manifests.get("Service", SESSION_REDIS + "-headless"), "metadata"), "labels"))
			.doesNotContainKey("cache-platform/redis-exporter");
		assertThat(list(map(monitor, "spec").get("endpoints"))).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "metrics"));
	}

	@Test
	void everyPodRunsUnderTheChartsServiceAccountWithoutAToken() {
		Manifests manifests = render("");
		Map<String, Object> account = manifests.get("ServiceAccount", APP);
		assertThat(account).containsEntry("automountServiceAccountToken", false);
		for (Map<String, Object> workload : List.of(manifests.get("Deployment", APP),
				manifests.get("Deployment", CACHE_REDIS), manifests.get("StatefulSet", SESSION_REDIS))) {
			assertThat(podSpec(workload)).as(Manifests.name(workload))
				.containsEntry("serviceAccountName", APP)
				.containsEntry("automountServiceAccountToken", false);
		}
	}

	@Test
	void podDisruptionBudgetLetsOneAppPodGoAtATime() {
		Manifests manifests = render("");
		Map<String, Object> budget = map(manifests.get("PodDisruptionBudget", APP), "spec");
		assertThat(budget).containsEntry("maxUnavailable", 1);
		assertThat(podLabels(manifests.get("Deployment", APP)))
			.containsAllEntriesOf(map(map(budget, "selector"), "matchLabels"));
		assertThat(podLabels(manifests.get("Deployment", CACHE_REDIS)))
			.doesNotContainEntry("app.kubernetes.io/component", "app");
	}

	@Test
	void appMayReachOnlyItsTwoRedisServersAndDns() {
		Manifests manifests = render("");
		Map<String, Object> policy = map(manifests.get("NetworkPolicy", APP), "spec");
		assertThat(podLabels(manifests.get("Deployment", APP)))
			.containsAllEntriesOf(map(map(policy, "podSelector"), "matchLabels"));
		assertThat(strings(policy.get("policyTypes"))).containsExactly("Egress");
		List<Map<String, Object>> egress = list(policy.get("egress"));
		assertThat(egress).hasSize(3);
		assertThat(list(egress.get(0).get("ports"))).extracting((port) -> port.get("port")).containsOnly(53);
		assertThat(egress.get(0)).doesNotContainKey("to");
		assertEgressReaches(egress.get(1), manifests.get("Deployment", CACHE_REDIS), 6379);
		assertEgressReaches(egress.get(2), manifests.get("StatefulSet", SESSION_REDIS), 6378);
	}

	@Test
	void eachBundledRedisAcceptsOnlyTheAppAndConnectsNowhere() {
		Manifests manifests = render("");
		Map<String, Object> appLabels = podLabels(manifests.get("Deployment", APP));
		for (Map<String, Object> server : List.of(manifests.get("Deployment", CACHE_REDIS),
				manifests.get("StatefulSet", SESSION_REDIS))) {
			String name = Manifests.name(server);
			int port = (int) list(container(server).get("ports")).get(0).get("containerPort");
			Map<String, Object> policy = map(manifests.get("NetworkPolicy", name), "spec");
			assertThat(podLabels(server)).containsAllEntriesOf(map(map(policy, "podSelector"), "matchLabels"));
			assertThat(strings(policy.get("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
			assertThat(list(policy.get("egress"))).isEmpty();
			assertThat(list(policy.get("ingress"))).singleElement().satisfies((rule) -> {
				assertThat(list(rule.get("ports"))).singleElement().satisfies((p) -> assertThat(p).containsEntry("port", port));
				assertThat(list(rule.get("from"))).singleElement()
					.satisfies((peer) -> assertThat(appLabels).containsAllEntriesOf(map(map(peer, "podSelector"), "matchLabels")));
			});
			// the app's selector does not also match the other server
			assertThat(podLabels(server)).doesNotContainEntry("app.kubernetes.io/component", "app");
		}
	}

	@Test
	void withAnExternalRedisTheAppsEgressIsTheOneGiven() {
		String external = """
				redis:
				  mode: external
				  external:
				    url: redis://redis.example.com:6379/0
				auth:
				  password: pw
				""";
		assertThat(render(external).ofKind("NetworkPolicy")).isEmpty();
		Manifests manifests = render(external + """
				networkPolicy:
				  redisEgress:
				    - to: [{ipBlock: {cidr: 10.0.5.0/24}}]
				      ports: [{port: 6379}]
				""");
		assertThat(manifests.ofKind("NetworkPolicy")).singleElement();
		List<Map<String, Object>> egress = list(map(manifests.get("NetworkPolicy", APP), "spec").get("egress"));
		assertThat(egress).hasSize(2);
		assertThat(map(list(egress.get(1).get("to")).get(0), "ipBlock")).containsEntry("cidr", "10.0.5.0/24");
	}

	private static void assertExporter(Map<String, Object> workload, int port, String passwordKey) {
		List<Map<String, Object>> containers = containers(workload);
		assertThat(containers).hasSize(2);
		Map<String, Object> exporter = containers.get(1);
		assertThat(exporter).containsEntry("name", "redis-exporter");
		assertThat(String.valueOf(exporter.get("image"))).startsWith("oliver006/redis_exporter:");
		assertThat(plainEnv(exporter)).containsEntry("REDIS_ADDR", "redis://localhost:" + port);
		assertThat(secretKeyRef(env(exporter).get("REDIS_PASSWORD"))).containsEntry("key", passwordKey);
		assertThat(list(exporter.get("ports"))).singleElement()
			.satisfies((p) -> assertThat(p).containsEntry("name", "metrics").containsEntry("containerPort", 9121));
		assertThat(strings(exporter.get("args"))).isEmpty();
	}

	private static void assertEgressReaches(Map<String, Object> rule, Map<String, Object> server, int port) {
		assertThat(list(rule.get("ports"))).singleElement().satisfies((p) -> assertThat(p).containsEntry("port", port));
		assertThat(list(rule.get("to"))).singleElement()
			.satisfies((peer) -> assertThat(podLabels(server)).containsAllEntriesOf(map(map(peer, "podSelector"), "matchLabels")));
	}

	private static List<Map<String, Object>> containers(Map<String, Object> workload) {
		return list(podSpec(workload).get("containers"));
	}

	private static Map<String, Object> podLabels(Map<String, Object> workload) {
		return map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
	}

	private Manifests render(String values) {
		var template = new Helm(CHART).template().withName("shop").withNamespace("shop").withKubeVersion("1.31.0");
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
		return Manifests.parse(template.call());
	}

}

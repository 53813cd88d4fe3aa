package dev.cacheplatform.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.sample.deploy.ProjectFiles;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus scrapes the packaged sample app ({@code /actuator/prometheus} on the management port) while
 * it serves traffic on the tiered driver with a cache Redis and a session Redis (with one unreadable cache entry
 * and one request while the session server does not answer, so fault and failure counters exist), and answers
 * every query of {@code config/grafana-dashboard.json} and every alert rule of {@code config/prometheus-alerts.yml}:
 * each must be valid PromQL and return data (an alert's signal, the expression before its final threshold, since
 * a healthy system fires none). Skipped, with how to get one, where no {@code prometheus} binary exists; the
 * GitHub workflow installs it and fails if this test was skipped.
 */
class PrometheusScrapeIT {

	private static final String JOB = "cache-platform-sample";

	/**
	 * Meters a query may read before they exist (Prometheus names). Empty: every dashboard query and alert
	 * signal must return data. A meter added to a dashboard before its code goes here until it lands.
	 */
	static final Set<String> PENDING_METERS = Set.of();

	/** The final comparison of an alert expression: {@code <signal> <op> [bool] <number>}. */
	private static final Pattern THRESHOLD = Pattern.compile("(?s)^(.*\\S)\\s*(==|!=|>=|<=|>|<)\\s*(bool\\s+)?[0-9.eE+-]+\\s*$");

	private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(\\{|\\[)");

	static RedisServer cacheRedis;

	static RedisServer sessionRedis;

	@RegisterExtension
	final SampleApps apps = new SampleApps();

	@TempDir
	Path temp;

	@BeforeAll
	static void startRedis() {
		cacheRedis = RedisServer.builder().config("maxmemory", "64mb").config("maxmemory-policy", "allkeys-lru").start();
		sessionRedis = RedisServer.builder().password("s3ssion-Pa55word").config("maxmemory-policy", "noeviction").start();
	}

	@AfterAll
	static void stopRedis() {
		cacheRedis.close();
		sessionRedis.close();
	}

	@Test
	void prometheusAnswersEveryDashboardQueryAndEveryAlertSignal() throws IOException {
		Path binary = PrometheusServer.binary().orElse(null);
		assumeTrue(binary != null, PrometheusServer.HOW_TO_INSTALL);
		Map<String, String> queries = new LinkedHashMap<>();
		queries.putAll(dashboardQueries());
		queries.putAll(alertSignals());

		SampleAppProcess app = this.apps.start("prometheus",
				Map.of("CACHE_DRIVER", "tiered", "CACHE_REDIS_URL", cacheRedis.url(), "SESSION_REDIS_URL",
						sessionRedis.url(), "SPRING_APPLICATION_JSON",
						"{\"cache-platform\": {\"metrics\": {\"tenant-tag\": true, \"redis-info-interval\": \"1s\"}}}"));
		SampleApps.awaitCacheInRedis(app, cacheRedis);
		try (RespClient cache = cacheRedis.client(1)) {
			// an unreadable entry: one counted fault (unreadable), answered by the method
			cache.set("acme:rates::EUR-USD", "not what the codec wrote");
		}
		try (PrometheusServer prometheus = PrometheusServer.start(binary, this.temp, JOB,
				"127.0.0.1:" + app.managementPort(), "/actuator/prometheus",
				List.of(ProjectFiles.resolve("config/prometheus-alerts.yml")))) {
			Map<String, Boolean> answered = new LinkedHashMap<>();
			long start = System.nanoTime();
			long deadline = start + Duration.ofSeconds(40).toNanos();
			int round = 0;
			do {
				traffic(app, round++);
				LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
				queries.forEach((name, query) -> answered.put(name, !prometheus.query(query).isEmpty()));
			}
			while (System.nanoTime() < deadline && !(answered.values().stream().allMatch(Boolean::booleanValue)
					|| (System.nanoTime() - start > Duration.ofSeconds(12).toNanos() && requiredAnswered(queries, answered))));

			List<String> empty = queries.keySet().stream().filter((name) -> !answered.get(name)).toList();
			System.out.println("PrometheusScrapeIT: " + (queries.size() - empty.size()) + " of " + queries.size()
					+ " queries returned data; nothing from:\n  " + String.join("\n  ", empty));
			assertThat(empty.stream().filter((name) -> pendingMeters(queries.get(name)).isEmpty()))
				.as("queries that read no pending meter, yet returned nothing")
				.isEmpty();
			assertThat(queries.entrySet().stream()
				.filter((query) -> answered.get(query.getKey()) && !pendingMeters(query.getValue()).isEmpty())
				.map((query) -> query.getKey() + " " + pendingMeters(query.getValue())))
				.as("queries that now return data: remove their meters from PENDING_METERS")
				.isEmpty();
			assertThat(prometheus.rules()).as("alert rules loaded and evaluated").hasSize(5).allSatisfy((rule) -> {
				assertThat(rule.path("health").asString()).as(rule.path("name").asString() + ": " + rule.path("lastError"))
					.isEqualTo("ok");
			});
		}
	}

	private static void traffic(SampleAppProcess app, int round) {
		for (String tenant : List.of("acme", "globex")) {
			SampleClient browser = app.browser().tenant(tenant);
			// enough gets per cache for the hit-ratio alert's traffic floor (0.1 per second over 10 minutes)
			for (int i = 0; i < 5; i++) {
				assertThat(browser.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
				browser.get("/rates/USD-JPY");
				browser.get("/products/MON-27");
				browser.get("/companies/" + tenant + "/settings");
			}
			if (round == 1) {
				// one failed session read: the session server stops answering for a request that has a session
				browser.login("bob");
				sessionRedis.pause();
				try {
					browser.get("/cart");
				}
				finally {
					sessionRedis.resume();
				}
			}
			if (round % 3 == 0) {
				browser.put("/rates/GBP-EUR", "{\"rate\":1.1" + round + "}");
				browser.login("alice");
				browser.post("/cart/items", "{\"sku\":\"KB-DE\"}");
				browser.get("/cart");
			}
		}
	}

	private static boolean requiredAnswered(Map<String, String> queries, Map<String, Boolean> answered) {
		return queries.entrySet().stream()
			.allMatch((query) -> answered.get(query.getKey()) || !pendingMeters(query.getValue()).isEmpty());
	}

	private static Set<String> pendingMeters(String query) {
		Set<String> pending = new LinkedHashSet<>();
		Matcher metric = METRIC.matcher(query);
		while (metric.find()) {
			if (PENDING_METERS.contains(metric.group(1))) {
				pending.add(metric.group(1));
			}
		}
		return pending;
	}

	/** @return each target of each panel, and each template variable, with Grafana's variables filled in */
	private static Map<String, String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build()
			.readTree(Files.readString(ProjectFiles.resolve("config/grafana-dashboard.json")));
		Map<String, String> queries = new LinkedHashMap<>();
		dashboard.path("panels").valueStream().forEach((panel) -> panel.path("targets").valueStream().forEach(
				(target) -> queries.put("panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
						fill(target.path("expr").asString()))));
		dashboard.path("templating").path("list").valueStream()
			.filter((variable) -> "query".equals(variable.path("type").asString()))
			.forEach((variable) -> {
				Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*\\w+\\)")
					.matcher(variable.path("query").path("query").asString());
				assertThat(labelValues.matches()).as(variable.path("name").asString()).isTrue();
				queries.put("variable $" + variable.path("name").asString(), fill(labelValues.group(1)));
			});
		assertThat(queries).hasSizeGreaterThan(20);
		return queries;
	}

	private static String fill(String expr) {
		return expr.replace("$__rate_interval", "1m").replace("$job", JOB).replace("$instance", ".+");
	}

	/** @return each alert's expression without its final threshold: what must have data on a healthy system */
	private static Map<String, String> alertSignals() throws IOException {
		Map<String, String> signals = new LinkedHashMap<>();
		List<String> expressions = new ArrayList<>();
		String yaml = Files.readString(ProjectFiles.resolve("config/prometheus-alerts.yml"));
		Matcher rule = Pattern.compile("- alert: (\\w+)\\n\\s+expr: >-\\n((?:\\s{10}.+\\n)+)").matcher(yaml);
		while (rule.find()) {
			String expr = rule.group(2).strip().replaceAll("\\s*\\n\\s*", " ");
			expressions.add(expr);
			Matcher threshold = THRESHOLD.matcher(expr);
			assertThat(threshold.matches()).as(rule.group(1) + " ends with a threshold: " + expr).isTrue();
			signals.put("alert " + rule.group(1), threshold.group(1));
		}
		assertThat(expressions).hasSize(5);
		return signals;
	}

}

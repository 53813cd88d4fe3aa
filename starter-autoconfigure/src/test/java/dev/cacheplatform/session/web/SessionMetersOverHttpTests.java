package dev.cacheplatform.session.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store meters as an operator reads them, from {@code /actuator/metrics} of a plain application
 * over real HTTP with a real Redis: the commands the store counts are the commands Redis saw, and reading an
 * unchanged session costs at most one command per request; the memory store and Spring Session's indexed
 * repository show their reads and writes as well.
 */
class SessionMetersOverHttpTests {

	private static final int REQUESTS = 50;

	/** Commands of the test support, connection set-up and the INFO gauges, not of sessions. */
	private static final Set<String> NOT_SESSION = Set.of("config|resetstat", "info", "ping", "hello", "select",
			"auth", "cluster|info");

	private static final Pattern COUNT = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)");

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	/** Actuator requests carry no session cookie, so reading the meters reads no session. */
	private static final HttpClient operator = HttpClient.newHttpClient();

	@Test
	void commandsPerRequestOfAnUnchangedSessionMatchWhatRedisSawAndStayAtOne() {
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()),
				"management.endpoints.web.exposure.include=metrics")) {
			int port = port(app);
			Browser browser = new Browser(port);
			assertThat(browser.post("/set/a?value=1").statusCode()).isEqualTo(200);
			assertThat(browser.get("/peek").body()).isEqualTo("a=1, b=null");
			double requestsBefore = count(port, "session.store.requests", "redis");
			double commandsBefore = count(port, "session.store.commands", "redis");
			server.resetStats();
			for (int request = 0; request < REQUESTS; request++) {
				assertThat(browser.get("/peek").body()).isEqualTo("a=1, b=null");
			}
			long redisSaw = sessionCommands(server.commandStats());
			double requests = count(port, "session.store.requests", "redis") - requestsBefore;
			double commands = count(port, "session.store.commands", "redis") - commandsBefore;
			System.out.printf("Over HTTP, %d requests reading an unchanged session: meters say %.0f requests, "
					+ "%.0f commands (%.2f per request); Redis saw %d session commands%n", REQUESTS, requests, commands,
					commands / requests, redisSaw);
			assertThat(requests).isEqualTo(REQUESTS);
			assertThat(commands).as("what Redis saw").isEqualTo((double) redisSaw);
			assertThat(commands / requests).isLessThanOrEqualTo(1.0);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "indexed" })
	void everyStoreShowsItsReadsAndWrites(String store) {
		String[] properties = store.equals("memory")
				? new String[] { "management.endpoints.web.exposure.include=metrics",
						"cache-platform.session.store=memory" }
				: new String[] { "management.endpoints.web.exposure.include=metrics",
						"spring.session.data.redis.repository-type=indexed" };
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()),
				properties)) {
			int port = port(app);
			String tag = store.equals("memory") ? "memory" : "redis";
			Browser browser = new Browser(port);
			assertThat(browser.post("/set/a?value=1").statusCode()).isEqualTo(200);
			double readsBefore = count(port, "session.store.reads", tag);
			double writesBefore = count(port, "session.store.writes", tag);
			server.resetStats();
			for (int request = 0; request < REQUESTS; request++) {
				assertThat(browser.get("/peek").body()).isEqualTo("a=1, b=null");
			}
			// Spring Session's filter commits twice per request, looking the session up and saving it each
			// time; the second commit may end after the response arrived, so wait (bounded) for the last one
			double reads = awaitCount(port, "session.store.reads", tag, readsBefore + 2 * REQUESTS) - readsBefore;
			double writes = awaitCount(port, "session.store.writes", tag, writesBefore + 2 * REQUESTS) - writesBefore;
			assertThat(reads).isEqualTo(2 * REQUESTS);
			assertThat(writes).isEqualTo(2 * REQUESTS);
			if (store.equals("indexed")) {
				assertThat(server.commandStats().getOrDefault("hgetall", 0L)).as("each read is one HGETALL")
					.isEqualTo(2 * REQUESTS);
			}
			else {
				assertThat(sessionCommands(server.commandStats())).as("the memory store sends nothing").isZero();
			}
		}
	}

	private static double awaitCount(int port, String meter, String store, double expected) {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		double count = count(port, meter, store);
		while (count < expected && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			count = count(port, meter, store);
		}
		return count;
	}

	private static double count(int port, String meter, String store) {
		String body = get(port, "/actuator/metrics/" + meter + "?tag=store:" + store);
		Matcher matcher = COUNT.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private static String get(int port, String path) {
		try {
			HttpResponse<String> response = operator.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long sessionCommands(Map<String, Long> stats) {
		return stats.entrySet()
			.stream()
			.filter((entry) -> !NOT_SESSION.contains(entry.getKey()) && !entry.getKey().startsWith("client|"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}

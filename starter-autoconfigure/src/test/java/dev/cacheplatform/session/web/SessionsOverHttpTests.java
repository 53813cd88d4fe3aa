package dev.cacheplatform.session.web;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions over real HTTP on a plain application with a real Redis: what browsers do (overlapping
 * requests of one session), what a request costs, and how a frozen or stopped session server shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionsOverHttpTests {

	private static final int ROUNDS = 20;

	/** Commands of the test support and connection set-up, not of sessions. */
	private static final java.util.Set<String> NOT_SESSION = java.util.Set.of("config|resetstat", "info", "ping",
			"hello", "select", "auth", "cluster|info");

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	/** The session set-ups users choose; each must keep every attribute of overlapping requests. */
	enum Setup {

		DEFAULT(),

		ENCRYPTED("cache-platform.session.encryption-keys=" + Base64.getEncoder().encodeToString(new byte[32])),

		INDEXED("spring.session.data.redis.repository-type=indexed"),

		FLUSH_IMMEDIATE("spring.session.data.redis.flush-mode=immediate");

		private final String[] properties;

		Setup(String... properties) {
			this.properties = properties;
		}

	}

	@ParameterizedTest
	@EnumSource(Setup.class)
	void overlappingRequestsOfOneSessionKeepEveryAttribute(Setup setup) throws Exception {
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()),
				setup.properties)) {
			PlainSessionApplication controller = app.getBean(PlainSessionApplication.class);
			for (int round = 0; round < ROUNDS; round++) {
				Browser browser = new Browser(port(app));
				assertThat(browser.post("/set/start?value=x").statusCode()).isEqualTo(200);
				String gate = setup + "-" + round;
				// A reads its session and is held; B sets another attribute and finishes; then A sets its own
				CompletableFuture<HttpResponse<String>> slow = browser.postAsync("/slow/a?value=1&gate=" + gate);
				assertThat(controller.arrival(gate).await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(browser.post("/set/b?value=2").statusCode()).isEqualTo(200);
				controller.gateOf(gate).countDown();
				assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
				assertThat(browser.get("/peek").body()).as("round %d", round).isEqualTo("a=1, b=2");
			}
		}
	}

	@Test
	void readingAnUnchangedSessionIsOneCommandPerRequestAgainstStocksMany() {
		double ours = commandsPerUnchangedRequest();
		double stock = commandsPerUnchangedRequest(
				"spring.autoconfigure.exclude=dev.cacheplatform.session.CachePlatformSessionAutoConfiguration");
		System.out.printf("Session commands per request reading an unchanged session, plain app: ours %.2f, "
				+ "stock Spring Session %.2f%n", ours, stock);
		assertThat(ours).isEqualTo(1.0);
		assertThat(stock).isGreaterThan(ours);
	}

	@Test
	void aFrozenSessionServerCostsARequestOneCommandAndOneTimeout() {
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()))) {
			Browser browser = new Browser(port(app));
			assertThat(browser.post("/set/a?value=1").statusCode()).isEqualTo(200);
			server.resetStats();
			server.pause();
			HttpResponse<String> frozen;
			try {
				frozen = browser.get("/peek");
			}
			finally {
				server.resume();
			}
			assertThat(frozen.statusCode()).isEqualTo(503);
			assertThat(frozen.headers().firstValue("Retry-After")).isPresent();
			assertThat(sessionCommands(server.commandStats())).as("one read, not one per look-up and commit")
				.isEqualTo(Map.of("hgetall", 1L));
			assertThat(browser.get("/peek").body()).isEqualTo("a=1, b=null");
		}
	}

	@Test
	void aStoppedSessionServerLogsOneLineNotAStackTracePerRequest(CapturedOutput output) {
		try (RedisServer sessions = RedisServer.builder().start();
				ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", sessions.url()))) {
			Browser browser = new Browser(port(app));
			browser.post("/set/a?value=1");
			int before = output.getAll().length();
			sessions.stop();
			for (int request = 0; request < 50; request++) {
				assertThat(browser.post("/set/b?value=" + request).statusCode()).isEqualTo(503);
			}
			String logged = output.getAll().substring(before);
			assertThat(logged.lines().filter((line) -> line.startsWith("\tat "))).as("stack traces").isEmpty();
			assertThat(logged.lines().filter((line) -> line.contains(" ERROR "))).isEmpty();
			assertThat(logged.lines().filter((line) -> line.contains("Session store unavailable")))
				.as("one line for the first failure; the rest within the minute are counted")
				.singleElement()
				.asString()
				.contains("1 request answered 503");
		}
	}

	@Test
	void theStarterSetsNoAppWideWebSettingAndTheStartupReportNamesThem(CapturedOutput output) {
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()))) {
			assertThat(app.getEnvironment().getProperty("server.forward-headers-strategy")).isNull();
			assertThat(app.getEnvironment().getProperty("spring.mvc.publish-request-handled-events")).isNull();
			assertThat(output).contains("Cache Platform session notes: server.forward-headers-strategy=not set",
					"spring.mvc.publish-request-handled-events=true (every request with a session cookie reads its "
							+ "session once");
		}
	}

	private static double commandsPerUnchangedRequest(String... properties) {
		try (ConfigurableApplicationContext app = PlainSessionApplication.start(Map.of("REDIS_URL", server.url()),
				properties)) {
			Browser browser = new Browser(port(app));
			browser.post("/set/a?value=1");
			browser.get("/peek");
			server.resetStats();
			for (int request = 0; request < 100; request++) {
				assertThat(browser.get("/peek").body()).isEqualTo("a=1, b=null");
			}
			Map<String, Long> stats = sessionCommands(server.commandStats());
			System.out.println("Session commands of 100 requests" + ((properties.length > 0) ? " (stock)" : "") + ": "
					+ stats);
			return stats.values().stream().mapToLong(Long::longValue).sum() / 100.0;
		}
	}

	private static Map<String, Long> sessionCommands(Map<String, Long> stats) {
		Map<String, Long> session = new java.util.TreeMap<>(stats);
		session.keySet().removeIf((command) -> NOT_SESSION.contains(command) || command.startsWith("client|"));
		return session;
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}

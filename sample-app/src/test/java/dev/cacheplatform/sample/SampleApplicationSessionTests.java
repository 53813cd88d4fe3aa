package dev.cacheplatform.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions on their own persistent Redis (SESSION_REDIS_URL), the cache on another, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cache-platform.session.store=redis",
				"cache-platform.session.encryption-keys=" + SampleApplicationSessionTests.NEW_KEY + ","
						+ SampleApplicationSessionTests.OLD_KEY })
class SampleApplicationSessionTests {

	static final String NEW_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	static final String OLD_KEY = "ESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN3u/wA=";

	static final RedisServer cacheServer = RedisServer.builder().start();

	static final RedisServer sessionServer = RedisServer.builder().password("session-pw").persistence().start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("cache-platform.redis.url", cacheServer::url);
		registry.add("cache-platform.redis.session.url", sessionServer::url);
		registry.add("cache-platform.cache.prefix", () -> "sample:");
	}

	@AfterAll
	static void stop() {
		cacheServer.close();
		sessionServer.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	CacheManager cacheManager;

	@Test
	void sessionsLiveOnTheSessionServerAndSurviveEveryCacheClear() throws Exception {
		HttpClient browser = browser();
		assertThat(post(browser, "/session/visits").body()).isEqualTo("{\"visits\":1}");
		get(browser, "/rates/EUR-USD");
		assertThat(sessionServer.keys(0)).anyMatch((key) -> key.startsWith("sample:session:sessions:"));
		assertThat(cacheServer.keys(1)).contains("sample:rates::EUR-USD");
		assertThat(cacheServer.keys(0)).isEmpty();
		this.cacheManager.getCache("rates").clear();
		((CachePlatformCacheManager) this.cacheManager).clearAllTenants("rates");
		assertThat(cacheServer.keys(1)).isEmpty();
		assertThat(get(browser, "/session/visits").body()).isEqualTo("{\"visits\":1}");
	}

	@Test
	void readingAnUnchangedSessionCostsAtMostOneCommandPerRequest() throws Exception {
		HttpClient browser = browser();
		post(browser, "/session/visits");
		get(browser, "/session/visits");
		sessionServer.resetStats();
		for (int i = 0; i < 100; i++) {
			assertThat(get(browser, "/session/visits").body()).isEqualTo("{\"visits\":1}");
		}
		Map<String, Long> stats = sessionServer.commandStats();
		long data = stats.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().matches("config\\|resetstat|info|auth|ping|hello|client\\|.*|select"))
			.mapToLong(Map.Entry::getValue)
			.sum();
		System.out.printf("session commands per request reading an unchanged session: %.2f (%s)%n", data / 100.0,
				stats);
		assertThat(data / 100.0).isLessThanOrEqualTo(1.0);
	}

	@Test
	void aUsersSessionsAreListedAndInvalidatedThroughTheActuatorAndStoredEncrypted() throws Exception {
		HttpClient laptop = browser();
		HttpClient phone = browser();
		post(laptop, "/login?user=alice-" + this.port);
		post(phone, "/login?user=alice-" + this.port);
		post(laptop, "/session/visits");
		HttpResponse<String> listed = get(browser(), "/actuator/sessions?username=alice-" + this.port);
		assertThat(listed.statusCode()).isEqualTo(200);
		java.util.List<String> ids = new java.util.ArrayList<>();
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(listed.body());
		while (matcher.find()) {
			ids.add(matcher.group(1));
		}
		assertThat(ids).as(listed.body()).hasSize(2);
		try (var client = sessionServer.client(0)) {
			for (String key : sessionServer.keys(0)) {
				if (key.contains(":sessions:")) {
					byte[] stored = (byte[]) client.commandBinary("GET".getBytes(), key.getBytes());
					assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("alice");
				}
			}
		}
		for (String id : ids) {
			HttpResponse<String> deleted = browser().send(
					HttpRequest.newBuilder(uri("/actuator/sessions/" + id)).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(deleted.statusCode()).isEqualTo(204);
		}
		assertThat(get(laptop, "/session/visits").body()).isEqualTo("{\"visits\":0}");
		assertThat(get(browser(), "/actuator/sessions?username=alice-" + this.port).body()).doesNotContain("\"id\"");
	}

	@Test
	void cookieIsSecureBehindATlsTerminatingProxy() throws Exception {
		HttpResponse<String> response = browser().send(HttpRequest.newBuilder(uri("/session/visits"))
			.header("X-Forwarded-Proto", "https")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
		HttpResponse<String> response = post(browser(), "/session/visits");
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void sessionsWrittenTwoSecondsBeforeAKillSurviveTheRestart() throws Exception {
		HttpClient browser = browser();
		post(browser, "/session/visits");
		post(browser, "/session/visits");
		java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(2100).toNanos());
		sessionServer.kill();
		sessionServer.restart();
		HttpResponse<String> after = awaitAnswer(browser);
		assertThat(after.body()).isEqualTo("{\"visits\":2}");
	}

	@Test
	void unreachableSessionServerAnswers503OnlyWhereASessionIsNeeded() throws Exception {
		HttpClient browser = browser();
		post(browser, "/session/visits");
		sessionServer.pause();
		try {
			HttpResponse<String> needsSession = get(browser, "/session/visits");
			assertThat(needsSession.statusCode()).isEqualTo(503);
			assertThat(needsSession.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(get(browser, "/rates/USD-EUR").statusCode()).isEqualTo(200);
		}
		finally {
			sessionServer.resume();
		}
		assertThat(awaitAnswer(browser).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> awaitAnswer(HttpClient browser) throws Exception {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
		HttpResponse<String> response = get(browser, "/session/visits");
		while (response.statusCode() != 200 && System.nanoTime() < deadline) {
			java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100).toNanos());
			response = get(browser, "/session/visits");
		}
		return response;
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
	}

	private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}

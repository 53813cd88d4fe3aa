package dev.cacheplatform.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.testsupport.AppendOnlyFile;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
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
				"management.endpoints.web.exposure.include=health,metrics,caches,sessions",
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

	@LocalManagementPort
	int managementPort;

	@Autowired
	CacheManager cacheManager;

	@Test
	void sessionsLiveOnTheSessionServerAndSurviveEveryCacheClear() throws Exception {
		SampleClient browser = SampleClient.on(this.port);
		browser.login("alice");
		browser.post("/cart/items", "{\"sku\":\"KB-DE\",\"quantity\":3}");
		browser.get("/rates/EUR-USD");
		assertThat(sessionServer.keys(0)).anyMatch((key) -> key.startsWith("sample:session:sessions:"));
		assertThat(cacheServer.keys(1)).contains("sample:rates::EUR-USD", "sample:products::KB-DE");
		assertThat(cacheServer.keys(0)).isEmpty();
		this.cacheManager.getCache("rates").clear();
		((CachePlatformCacheManager) this.cacheManager).clearAllTenants("products");
		assertThat(SampleClient.on(this.managementPort).delete("/actuator/caches").statusCode()).isEqualTo(200);
		assertThat(cacheServer.keys(1)).isEmpty();
		assertThat(browser.get("/me").body()).contains("\"username\":\"alice\"");
		assertThat(browser.get("/cart").body()).contains("\"sku\":\"KB-DE\",\"name\":\"Keyboard (German layout)\",\"quantity\":3");
	}

	@Test
	void readingAnUnchangedSessionCostsAtMostOneCommandPerRequest() throws Exception {
		SampleClient browser = SampleClient.on(this.port);
		browser.login("carol");
		browser.get("/me");
		sessionServer.resetStats();
		for (int i = 0; i < 100; i++) {
			assertThat(browser.get("/me").body()).contains("\"username\":\"carol\"");
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
	void anAnonymousRequestOnThePublicPortCannotListOrEndSessions() {
		SampleClient victim = SampleClient.on(this.port);
		victim.login("alice");
		SampleClient stranger = SampleClient.on(this.port);
		HttpResponse<String> listed = stranger.get("/actuator/sessions?username=alice");
		assertThat(listed.statusCode()).isEqualTo(404);
		assertThat(listed.body()).doesNotContain("\"id\"");
		assertThat(stranger.delete("/actuator/caches").statusCode()).isIn(404, 405);
		assertThat(victim.get("/me").statusCode()).isEqualTo(200);
	}

	@Test
	void aUsersSessionsAreListedAndInvalidatedThroughTheActuatorAndStoredEncrypted() throws Exception {
		SampleClient laptop = SampleClient.on(this.port);
		SampleClient phone = SampleClient.on(this.port);
		laptop.login("bob");
		phone.login("bob");
		laptop.post("/cart/items", "{\"sku\":\"MON-27\"}");
		HttpResponse<String> listed = SampleClient.on(this.managementPort).get("/actuator/sessions?username=bob");
		assertThat(listed.statusCode()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		Matcher matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(listed.body());
		while (matcher.find()) {
			ids.add(matcher.group(1));
		}
		assertThat(ids).as(listed.body()).hasSize(2);
		try (var client = sessionServer.client(0)) {
			for (String key : sessionServer.keys(0)) {
				if (key.contains(":sessions:v2:")) {
					List<?> values = (List<?>) client.commandBinary("HVALS".getBytes(), key.getBytes());
					for (Object stored : values) {
						assertThat(new String((byte[]) stored, StandardCharsets.ISO_8859_1)).doesNotContain("Berger",
								"Monitor");
					}
				}
			}
		}
		for (String id : ids) {
			assertThat(SampleClient.on(this.managementPort).delete("/actuator/sessions/" + id).statusCode()).isEqualTo(204);
		}
		assertThat(laptop.get("/me").statusCode()).isEqualTo(401);
		assertThat(laptop.get("/cart").body()).doesNotContain("MON-27");
		assertThat(SampleClient.on(this.managementPort).get("/actuator/sessions?username=bob").body()).doesNotContain("\"id\"");
	}

	@Test
	void cookieIsSecureBehindATlsTerminatingProxy() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/cart"))
			.header("X-Forwarded-Proto", "https")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
		HttpResponse<String> response = SampleClient.on(this.port).get("/cart");
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void sessionsWrittenBeforeAKillSurviveTheRestart() throws Exception {
		SampleClient browser = SampleClient.on(this.port);
		browser.post("/cart/items", "{\"sku\":\"NB-13\"}");
		browser.post("/cart/items", "{\"sku\":\"NB-13\"}");
		// appendfsync everysec: the kill must come after both saves reached the file, not after a guessed delay
		AppendOnlyFile.awaitEarlierWrites(sessionServer);
		sessionServer.kill();
		sessionServer.restart();
		HttpResponse<String> after = awaitAnswer(browser);
		assertThat(after.body()).contains("\"sku\":\"NB-13\"", "\"quantity\":2");
	}

	@Test
	void unreachableSessionServerAnswers503OnlyWhereASessionIsNeeded() throws Exception {
		SampleClient browser = SampleClient.on(this.port);
		browser.get("/cart");
		sessionServer.pause();
		try {
			HttpResponse<String> needsSession = browser.get("/cart");
			assertThat(needsSession.statusCode()).isEqualTo(503);
			assertThat(needsSession.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(browser.get("/rates/USD-EUR").statusCode()).isEqualTo(200);
		}
		finally {
			sessionServer.resume();
		}
		assertThat(awaitAnswer(browser).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> awaitAnswer(SampleClient browser) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		HttpResponse<String> response = browser.get("/cart");
		while (response.statusCode() != 200 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			response = browser.get("/cart");
		}
		return response;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}

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
		properties = "cache-platform.session.store=redis")
class SampleApplicationSessionTests {

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

package dev.cacheplatform.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.CookieManager;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's default: no settings, memory driver, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationMemoryTests {

	@LocalServerPort
	int port;

	@Autowired
	CacheManager cacheManager;

	@Autowired
	ExchangeRateService service;

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	@Test
	void runsOnTheMemoryDriverWithoutRedis() {
		assertThat(this.cacheManager).isInstanceOf(CachePlatformCacheManager.class);
		assertThat(((CachePlatformCacheManager) this.cacheManager).getProvider()).isInstanceOf(MemoryCacheProvider.class);
	}

	@Test
	void secondRequestForTheSameRateIsServedFromTheCache() throws Exception {
		long before = this.service.lookups();
		String first = get("/rates/EUR-USD").body();
		String second = get("/rates/EUR-USD").body();
		assertThat(second).isEqualTo(first).contains("\"pair\":\"EUR-USD\"");
		assertThat(this.service.lookups() - before).isEqualTo(1);
	}

	@Test
	void sessionKeepsStateAcrossRequests() throws Exception {
		assertThat(post("/session/visits").body()).isEqualTo("{\"visits\":1}");
		assertThat(post("/session/visits").body()).isEqualTo("{\"visits\":2}");
	}

	@Test
	void healthIsUpWithoutRedis() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

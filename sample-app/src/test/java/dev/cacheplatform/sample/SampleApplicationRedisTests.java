package dev.cacheplatform.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app on Redis with tenants from a header, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationRedisTests {

	static final RedisServer server = RedisServer.builder().start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("cache-platform.redis.url", server::url);
		registry.add("cache-platform.tenant.header", () -> "X-Tenant-ID");
		registry.add("cache-platform.cache.prefix", () -> "sample:");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	ExchangeRateService service;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void eachTenantGetsItsOwnEntry() throws Exception {
		long before = this.service.lookups();
		assertThat(get("/rates/GBP-USD", "acme").statusCode()).isEqualTo(200);
		assertThat(get("/rates/GBP-USD", "acme").statusCode()).isEqualTo(200);
		assertThat(get("/rates/GBP-USD", "globex").statusCode()).isEqualTo(200);
		assertThat(get("/rates/GBP-USD", null).statusCode()).isEqualTo(200);
		assertThat(this.service.lookups() - before).isEqualTo(3);
		assertThat(server.keys(1)).contains("sample:acme:rates::GBP-USD", "sample:globex:rates::GBP-USD",
				"sample:rates::GBP-USD");
	}

	@Test
	void invalidTenantHeaderIsRejectedAndNeverReachesRedis() throws Exception {
		server.resetStats();
		long before = this.service.lookups();
		for (String tenant : new String[] { "acme*", "a:b", "x".repeat(65), "[x]" }) {
			HttpResponse<String> response = get("/rates/JPY-USD", tenant);
			assertThat(response.statusCode()).as(tenant).isEqualTo(400);
		}
		assertThat(this.service.lookups()).isEqualTo(before);
		assertThat(server.commandStats()).doesNotContainKeys("get", "set", "scan");
	}

	@Test
	void asyncWorkStaysInTheRequestsTenant() throws Exception {
		assertThat(post("/rates/CHF-USD/warm", "initech").statusCode()).isEqualTo(200);
		assertThat(server.keys(1)).contains("sample:initech:rates::CHF-USD");
		long before = this.service.lookups();
		assertThat(get("/rates/CHF-USD", "initech").statusCode()).isEqualTo(200);
		assertThat(this.service.lookups()).isEqualTo(before);
	}

	private HttpResponse<String> get(String path, String tenant) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)), tenant);
	}

	private HttpResponse<String> post(String path, String tenant) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), tenant);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String tenant) throws Exception {
		if (tenant != null) {
			request.header("X-Tenant-ID", tenant);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}

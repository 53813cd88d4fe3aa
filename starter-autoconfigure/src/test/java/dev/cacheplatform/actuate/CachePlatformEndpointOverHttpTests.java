package dev.cacheplatform.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.tenant.TenantScope;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cacheplatform} endpoint over real HTTP, exposed as an operator would expose it, on a
 * password-protected Redis: the JSON shows the roles without the password, a tenant's clear answers with its
 * count, a key is looked up and evicted by its URL, and a tenant id that is no tenant id is a 400.
 */
class CachePlatformEndpointOverHttpTests {

	private static final String PASSWORD = "Over-Http-Secret-5521";

	@AutoClose
	static final RedisServer server = RedisServer.builder().password(PASSWORD).start();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext application;

	@BeforeAll
	static void start() {
		String url = "redis://:" + PASSWORD + "@" + server.host() + ":" + server.port();
		application = new SpringApplicationBuilder(WebApplication.class)
			.environment(EnvironmentVariablesInitializer.environmentWith(Map.of("REDIS_URL", url)))
			.properties("server.port=0", "management.endpoints.web.exposure.include=cacheplatform")
			.run();
	}

	@AfterAll
	static void stop() {
		application.close();
	}

	@Test
	void showsTheRolesWithoutThePassword() throws Exception {
		HttpResponse<String> response = send("GET", "/actuator/cacheplatform");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(PASSWORD)
			.contains("\"password\":\"******\"")
			.contains("\"server\":\"" + server.host() + ":" + server.port() + "\"");
	}

	@Test
	void clearsOneTenantLooksUpAndEvictsOneKey() throws Exception {
		Cache quotes = application.getBean(CacheManager.class).getCache("quotes");
		TenantScope.run("acme", () -> quotes.put("1", "acme-1"));
		TenantScope.run("acme", () -> quotes.put("2", "acme-2"));
		TenantScope.run("globex", () -> quotes.put("1", "globex-1"));

		HttpResponse<String> cleared = send("DELETE", "/actuator/cacheplatform/quotes?tenant=acme");
		assertThat(cleared.statusCode()).isEqualTo(200);
		assertThat(cleared.body()).contains("\"removed\":2");
		assertThat(server.keys(1)).containsExactly("globex:quotes::1");

		HttpResponse<String> key = send("GET", "/actuator/cacheplatform/quotes/1?tenant=globex");
		assertThat(key.body()).contains("\"exists\":true").contains("\"type\":\"string\"").doesNotContain("globex-1");
		assertThat(send("DELETE", "/actuator/cacheplatform/quotes/1?tenant=globex").body())
			.contains("\"evicted\":true");
		assertThat(server.keys(1)).isEmpty();
	}

	@Test
	void aTenantIdThatIsNoTenantIdIsABadRequest() throws Exception {
		HttpResponse<String> response = send("DELETE", "/actuator/cacheplatform/quotes?tenant=a*");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) application).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}

package dev.cacheplatform.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memcached driver's SASL password, given in the URL and as MEMCACHED_PASSWORD, never appears over the
 * actuator ({@code env}, {@code configprops}, {@code cacheplatform}) nor in the log; the servers keep their host.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemcachedSecretsTests {

	private static final String PASSWORD = "Memcached-Actuator-Secret-9902";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static MemcachedServer server;

	private static ConfigurableApplicationContext application;

	@BeforeAll
	static void start() {
		server = MemcachedServer.start();
		Map<String, Object> variables = Map.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL",
				"memcached://app:" + PASSWORD + "@" + server.address(), "MEMCACHED_PASSWORD", PASSWORD);
		application = new SpringApplicationBuilder(WebApplication.class)
			.environment(EnvironmentVariablesInitializer.environmentWith(variables))
			.properties("server.port=0", "management.endpoints.web.exposure.include=env,configprops,cacheplatform",
					"management.endpoint.env.show-values=ALWAYS", "management.endpoint.configprops.show-values=ALWAYS")
			.run();
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/env/MEMCACHED_URL",
			"/actuator/env/MEMCACHED_PASSWORD", "/actuator/env/cache-platform.memcached.url",
			"/actuator/env/cache-platform.memcached.password", "/actuator/configprops/cache-platform.memcached",
			"/actuator/cacheplatform" })
	void noSecretAppearsWithShowValuesAlways(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(PASSWORD);
	}

	@Test
	void theUrlKeepsItsServerAndTheEndpointShowsTheServers() throws Exception {
		assertThat(get("/actuator/env/MEMCACHED_URL").body()).contains("memcached://app:****@" + server.address());
		assertThat(get("/actuator/cacheplatform").body()).contains("\"driver\":\"memcached\"")
			.contains("\"server\":\"" + server.address() + "\"")
			.contains("\"password\":\"******\"");
	}

	@Test
	void theLogNeverShowsThePassword(CapturedOutput output) {
		assertThat(output.getAll()).contains("driver=memcached")
			.contains("servers=memcached://app:****@" + server.address())
			.doesNotContain(PASSWORD);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) application).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}

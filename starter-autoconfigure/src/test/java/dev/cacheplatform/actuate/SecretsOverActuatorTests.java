package dev.cacheplatform.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real web application on a password-protected Redis, with {@code show-values=ALWAYS} for the env and
 * configprops endpoints: over HTTP, no password, URL credential or session encryption key of ours
 * appears; hosts and usernames still do, so the endpoints stay useful.
 */
class SecretsOverActuatorTests {

	private static final String PASSWORD = "s3cret-Hunter2-Value";

	private static final String ENCRYPTION_KEY = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII));

	@AutoClose
	static final RedisServer server = RedisServer.builder().password(PASSWORD).start();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext application;

	private static @Nullable String commandLine;

	@BeforeAll
	static void start() {
		// As when the app is launched with "java -jar app.jar --spring.data.redis.password=...": the env
		// endpoint lists the JVM's command line among the system properties
		commandLine = System.getProperty("sun.java.command");
		System.setProperty("sun.java.command", "app.jar --server.port=8080 --spring.data.redis.password=" + PASSWORD
				+ " -Dcache-platform.redis.password=" + PASSWORD + " --cache-platform.redis.url=" + server.url());
		Map<String, Object> variables = Map.of("REDIS_URL", server.url(), "REDIS_PASSWORD", PASSWORD,
				"CACHE_REDIS_URL", server.url(), "SESSION_REDIS_URL", server.url(), "SESSION_ENCRYPTION_KEYS",
				ENCRYPTION_KEY);
		application = new SpringApplicationBuilder(WebApplication.class)
			.environment(EnvironmentVariablesInitializer.environmentWith(variables))
			.properties("server.port=0", "management.endpoints.web.exposure.include=env,configprops",
					"management.endpoint.env.show-values=ALWAYS", "management.endpoint.configprops.show-values=ALWAYS",
					"spring.data.redis.password=" + PASSWORD, "spring.data.redis.url=" + server.url())
			.run();
		// The application really talks to the password-protected server
		CacheManager caches = application.getBean(CacheManager.class);
		caches.getCache("secrets-test").put("k", "v");
		assertThat(server.keys(1)).contains("secrets-test::k");
	}

	@AfterAll
	static void stop() {
		application.close();
		if (commandLine != null) {
			System.setProperty("sun.java.command", commandLine);
		}
		else {
			System.clearProperty("sun.java.command");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/env/REDIS_URL",
			"/actuator/env/REDIS_PASSWORD", "/actuator/env/SESSION_ENCRYPTION_KEYS",
			"/actuator/env/cache-platform.redis.url", "/actuator/env/cache-platform.redis.password",
			"/actuator/configprops/cache-platform.redis", "/actuator/configprops/cache-platform.session",
			"/actuator/env/sun.java.command" })
	void noSecretAppearsWithShowValuesAlways(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(PASSWORD).doesNotContain(ENCRYPTION_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env/REDIS_URL", "/actuator/env/cache-platform.redis.url",
			"/actuator/env/SESSION_REDIS_URL" })
	void connectionUrlsKeepTheirHostAndMaskThePassword(String path) throws Exception {
		assertThat(get(path).body()).contains("redis://:****@" + server.host() + ":" + server.port());
	}

	@Test
	void commandLineKeepsItsArgumentsAndMasksTheSecretsAmongThem() throws Exception {
		assertThat(get("/actuator/env/sun.java.command").body()).contains("app.jar --server.port=8080")
			.contains("--spring.data.redis.password=******")
			.contains("-Dcache-platform.redis.password=******")
			.contains("--cache-platform.redis.url=redis://:****@" + server.host() + ":" + server.port());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env/REDIS_PASSWORD", "/actuator/env/cache-platform.session.encryption-keys" })
	void secretsAreMasked(String path) throws Exception {
		assertThat(get(path).body()).contains("\"value\":\"******\"");
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

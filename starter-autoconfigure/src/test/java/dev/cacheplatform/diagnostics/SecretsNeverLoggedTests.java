package dev.cacheplatform.diagnostics;

import java.util.Map;

import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisProperties;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A working startup against a password-protected server, with Cache Platform's own logging at DEBUG,
 * prints the startup report but never the password: not in a log line, not in toString().
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTests {

	private static final String PASSWORD = "Sup3r-Secret-Pa55";

	@AutoClose
	static final RedisServer server = RedisServer.builder().password(PASSWORD).start();

	@Test
	void workingStartupReportsEveryRoleWithoutThePassword(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(EnvironmentVariablesInitializer.environmentWith(Map.of("REDIS_URL",
				"redis://:" + PASSWORD + "@127.0.0.1:" + server.port(), "CACHE_PREFIX", "shop:",
				"SESSION_REDIS_URL", "redis://default:" + PASSWORD + "@127.0.0.1:" + server.port() + "/2")));
		application.setDefaultProperties(Map.of("logging.level.dev.cacheplatform", "DEBUG"));
		try (ConfigurableApplicationContext context = application.run()) {
			RedisConnectionFactory cache = context.getBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY,
					RedisConnectionFactory.class);
			new StringRedisTemplate(cache).opsForValue().set("k", "v");
			assertThat(server.keys(1)).contains("k");
			String texts = context.getBean(RedisEndpoints.class).toString()
					+ context.getBean(CachePlatformRedisProperties.class).toString();
			assertThat(texts).doesNotContain(PASSWORD);
		}
		assertThat(output).contains("Cache Platform cache: driver=redis, prefix='shop:'")
			.contains("database=1, tls=off, user=default, password=****")
			.contains("Cache Platform session: store=redis, namespace='shop:session'")
			.contains("server=127.0.0.1:" + server.port() + ", database=2")
			.contains("Cache Platform default connection:")
			.doesNotContain(PASSWORD);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}

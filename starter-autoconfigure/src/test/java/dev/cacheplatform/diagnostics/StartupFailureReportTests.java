package dev.cacheplatform.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bad input of the configuration contract stops a real SpringApplication with Boot's failure
 * report: the variable, the value (password masked), what is accepted; no stack trace, no password.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	private static final String PASSWORD = "hunter2-Very-Secret";

	static Stream<Arguments> badInputs() {
		return Stream.of(
				bad(Map.of("CACHE_DRIVER", "memcache"), "CACHE_DRIVER", "'memcache'",
						"redis, redis-cluster, redis-sentinel, memory, tiered, memcached, none"),
				bad(Map.of("SESSION_STORE", "disk"), "SESSION_STORE", "'disk'", "redis, memory, none"),
				bad(Map.of("REDIS_URL", "redis://:" + PASSWORD + "@cache:abc"), "REDIS_URL", "redis://:****@cache:abc",
						"rediss://"),
				bad(Map.of("REDIS_URL", "redis//:" + PASSWORD + "@cache"), "REDIS_URL", "****@cache", "redis-socket://"),
				bad(Map.of("REDIS_PORT", "sixty"), "REDIS_PORT", "'sixty'", "a whole number"),
				bad(Map.of("REDIS_PORT", "70000"), "REDIS_PORT", "'70000'", "1 to 65535"),
				bad(Map.of("REDIS_HOST", "h", "REDIS_CACHE_DB", "16"), "REDIS_CACHE_DB", "'16'", "0 to 15"),
				bad(Map.of("REDIS_HOST", "h", "REDIS_SESSION_DB", "-1"), "REDIS_SESSION_DB", "'-1'", "0 to 15"),
				bad(Map.of("CACHE_DRIVER", "redis-cluster", "REDIS_URL", "redis://:" + PASSWORD + "@h"), "CACHE_DRIVER",
						"'redis-cluster'", "REDIS_CLUSTER_NODES"),
				bad(Map.of("REDIS_CLUSTER_NODES", "a:7000,b:port"), "REDIS_CLUSTER_NODES", "'b:port'", "host:port"),
				bad(Map.of("REDIS_SENTINEL_NODES", "s1:26379"), "REDIS_SENTINEL_NODES", "no master name",
						"REDIS_SENTINEL_MASTER"),
				bad(Map.of("CACHE_DRIVER", "redis-sentinel", "REDIS_PASSWORD", PASSWORD), "CACHE_DRIVER",
						"no sentinel master", "REDIS_SENTINEL_MASTER"),
				bad(Map.of("CACHE_TTL_SECONDS", "-5"), "CACHE_TTL_SECONDS", "'-5s'", "negatives are rejected"),
				bad(Map.of("CACHE_TTL_SECONDS", "five minutes"), "CACHE_TTL_SECONDS", "'five minutes'", "300s"),
				bad(Map.of("CACHE_TTLS", "products=1h,users"), "CACHE_TTLS", "'users'", "<cache-name>=<ttl>"),
				bad(Map.of("CACHE_TTLS", "products=soon"), "CACHE_TTLS", "'soon'", "a duration"),
				bad(Map.of("SESSION_STORE", "memcached"), "SESSION_STORE", "no persistence",
						"redis for sessions that survive restarts"),
				bad(Map.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL", "redis://app:" + PASSWORD + "@h:1"),
						"MEMCACHED_URL", "redis://app:****@h:1", "memcached://[user:password@]host:port"),
				bad(Map.of("CACHE_DRIVER", "memcached", "CACHE_URL", "memcached://app:" + PASSWORD + "@h:eleven"),
						"CACHE_URL", "memcached://app:****@h:eleven", "memcached://[user:password@]host:port"),
				bad(Map.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL", "memcached://a:11211,b:70000"),
						"MEMCACHED_URL", "out of range", "1 to 65535"),
				bad(Map.of("CACHE_DRIVER", "memcached", "CACHE_PORT", "sixty"), "CACHE_PORT", "'sixty'",
						"a whole number"),
				bad(Map.of("CACHE_DRIVER", "memcached", "MEMCACHED_USERNAME", "app"), "MEMCACHED_USERNAME",
						"needs a password", "MEMCACHED_PASSWORD"),
				bad(Map.of("CACHE_DRIVER", "memcached", "MEMCACHED_PASSWORD", PASSWORD), "MEMCACHED_PASSWORD",
						"needs a username", "MEMCACHED_USERNAME"));
	}

	private static Arguments bad(Map<String, String> variables, String setting, String shown, String accepted) {
		Map<String, Object> withSecret = new LinkedHashMap<>(variables);
		withSecret.putIfAbsent("REDIS_PASSWORD", PASSWORD);
		return Arguments.of(withSecret, setting, shown, accepted);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void badInputStopsStartupWithAReportNamingTheVariable(Map<String, Object> variables, String setting, String shown,
			String accepted, CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(EnvironmentVariablesInitializer.environmentWith(variables));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Setting: " + setting)
			.contains(shown)
			.contains("Accepted: ")
			.contains(accepted)
			.doesNotContain(PASSWORD)
			.doesNotContain("\tat org.springframework");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}

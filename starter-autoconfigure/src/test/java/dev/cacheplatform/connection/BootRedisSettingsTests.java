package dev.cacheplatform.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.types.RedisClientInfo;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own {@code spring.data.redis.*} client settings, as an application that already uses Redis has
 * them, against a real redis-server: honoured below ours where they mean something, warned about once where
 * they do not.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootRedisSettingsTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformAutoConfiguration.class))
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()));

	@Test
	void bootTimeoutsAndClientNameApplyToEveryRoleWhenOursAreUnset(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.data.redis.timeout=3s", "spring.data.redis.connect-timeout=2s",
					"spring.data.redis.client-name=shop", "spring.data.redis.lettuce.shutdown-timeout=1500ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (LettuceConnectionFactory factory : roles(context).values()) {
					assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
					assertThat(factory.getClientConfiguration().getShutdownTimeout())
						.isEqualTo(Duration.ofMillis(1500));
					assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().getSocketOptions()
						.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				}
				assertThat(clientNames(context)).contains("shop:default", "shop:cache", "shop:session");
			});
		assertThat(output).doesNotContain("is ignored");
		assertThat(output).contains("Spring Boot's spring.data.redis.timeout=3s, spring.data.redis.connect-timeout=2s");
	}

	@Test
	void oursWinOverBootsWhereBothAreSet() {
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "REDIS_COMMAND_TIMEOUT",
					"2500ms"))
			.withPropertyValues("spring.data.redis.timeout=3s", "spring.data.redis.connect-timeout=2s",
					"spring.data.redis.client-name=shop", "cache-platform.redis.client-name=checkout")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (LettuceConnectionFactory factory : roles(context).values()) {
					assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(2500));
					assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().getSocketOptions()
						.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				}
				assertThat(clientNames(context)).contains("checkout:default", "checkout:cache", "checkout:session")
					.noneMatch((name) -> name.startsWith("shop:"));
			});
	}

	@Test
	void withNeitherSetOurShortDefaultsApply() {
		this.runner.withPropertyValues("spring.application.name=catalogue").run((context) -> {
			assertThat(context).hasNotFailed();
			for (Map.Entry<String, LettuceConnectionFactory> role : roles(context).entrySet()) {
				LettuceConnectionFactory factory = role.getValue();
				assertThat(factory.getClientConfiguration().getClientName()).contains("catalogue:" + role.getKey());
				assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(factory.getClientConfiguration().getShutdownTimeout()).isEqualTo(Duration.ofMillis(100));
				assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().getSocketOptions()
					.getConnectTimeout()).isEqualTo(Duration.ofMillis(250));
			}
		});
	}

	@Test
	void bootSettingsWithoutAMeaningHereAreWarnedOnceEachWithWhatToDoInstead(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.data.redis.lettuce.pool.enabled=true",
					"spring.data.redis.lettuce.pool.max-active=16", "spring.data.redis.lettuce.pool.max-idle=4",
					"spring.data.redis.jedis.pool.max-idle=4", "spring.data.redis.client-type=jedis",
					"spring.data.redis.lettuce.read-from=replica-preferred",
					"spring.data.redis.masterreplica.nodes=" + server.host() + ":" + server.port())
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(warnings(output, "spring.data.redis.lettuce.pool.* is ignored")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("RedisConnectionFactory bean"));
		assertThat(warnings(output, "spring.data.redis.jedis.* is ignored")).hasSize(1);
		assertThat(warnings(output, "spring.data.redis.client-type=jedis is ignored")).hasSize(1);
		assertThat(warnings(output, "spring.data.redis.lettuce.read-from=replica-preferred is ignored")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("LettuceClientConfigurationBuilderCustomizer"));
		assertThat(warnings(output, "spring.data.redis.masterreplica.nodes is ignored")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("REDIS_SENTINEL_MASTER"));
	}

	@Test
	void bootClusterSettingsApplyWhenOursAreUnset() {
		RedisClientSettings settings = RedisClientSettings.read(new CachePlatformRedisProperties(),
				new MockEnvironment()
					.withProperty("spring.data.redis.cluster.max-redirects", "2")
					.withProperty("spring.data.redis.lettuce.cluster.refresh.period", "5s"),
				(warning) -> {
				});
		assertThat(settings.maxRedirects()).isEqualTo(2);
		assertThat(settings.refreshPeriod()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.read()).containsExactly("spring.data.redis.cluster.max-redirects=2",
				"spring.data.redis.lettuce.cluster.refresh.period=5s");
	}

	private static Map<String, LettuceConnectionFactory> roles(AssertableApplicationContext context) {
		return Map.of("default", (LettuceConnectionFactory) context.getBean(RedisConnectionFactory.class), "cache",
				context.getBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY,
						LettuceConnectionFactory.class),
				"session", context.getBean(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY,
						LettuceConnectionFactory.class));
	}

	/** Connects every role, then reads the names the server knows its clients by (CLIENT LIST). */
	private static List<String> clientNames(AssertableApplicationContext context) {
		Map<String, LettuceConnectionFactory> roles = roles(context);
		roles.values().forEach(BootRedisSettingsTests::ping);
		try (RedisConnection connection = roles.get("default").getConnection()) {
			return connection.serverCommands().getClientList().stream().map(RedisClientInfo::getName).toList();
		}
	}

	private static void ping(LettuceConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			assertThat(connection.ping()).isEqualTo("PONG");
		}
	}

	private static List<String> warnings(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains(text)).toList();
	}

}

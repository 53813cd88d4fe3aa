package dev.cacheplatform.connection;

import java.time.Duration;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lettuce's reconnect backoff is capped at a second by default (its own default grows to 30 s, so a
 * restarted Redis went unused for up to that long), and the cap is a setting.
 */
class ReconnectDelayTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class))
		.withPropertyValues("cache-platform.redis.url=redis://127.0.0.1:6399");

	@Test
	void reconnectBackoffGrowsToOneSecondAtMostByDefault() {
		this.runner.run((context) -> {
			ClientResources resources = context.getBean(ClientResources.class);
			assertThat(resources.reconnectDelay().createDelay(1)).isLessThan(Duration.ofMillis(10));
			assertThat(resources.reconnectDelay().createDelay(40)).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void reconnectCapIsTakenFromItsVariable() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_RECONNECT_MAX_DELAY", "3s"))
			.run((context) -> assertThat(context.getBean(ClientResources.class).reconnectDelay().createDelay(40))
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void zeroReconnectCapIsRefused() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_RECONNECT_MAX_DELAY", "0s"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("positive duration"));
	}

}

package dev.cacheplatform.session;

import java.util.List;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Session settings that the repository in effect does not read are named at startup, once, with what to
 * do instead; settings that do apply raise no warning. Against a real redis-server.
 */
@ExtendWith(OutputCaptureExtension.class)
class InapplicableSessionSettingsTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformSessionAutoConfiguration.class,
				SessionDataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				CachePlatformAutoConfiguration.class));

	@Test
	void cleanupCronAndConfigureActionAreWarnedWithOurRedisRepository(CapturedOutput output) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.session.data.redis.cleanup-cron=0 * * * * *",
					"spring.session.data.redis.configure-action=none", "spring.session.data.redis.namespace=shop:s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(SessionRepository.class)
					.isInstanceOf(CachePlatformRedisSessionRepository.class);
			});
		assertThat(warnings(output, "spring.session.data.redis.cleanup-cron is ignored")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("repository-type=indexed"));
		assertThat(warnings(output, "spring.session.data.redis.configure-action is ignored")).hasSize(1);
		assertThat(warnings(output, "namespace")).isEmpty();
	}

	@Test
	void theIndexedRepositoryReadsThemSoNothingIsWarned(CapturedOutput output) {
		// The indexed repository subscribes at startup: timeouts that a busy test machine cannot miss.
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "REDIS_CONNECT_TIMEOUT", "5s",
					"REDIS_COMMAND_TIMEOUT", "5s"))
			.withPropertyValues("spring.session.data.redis.repository-type=indexed",
					"spring.session.data.redis.cleanup-cron=0 * * * * *",
					"spring.session.data.redis.configure-action=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(SessionRepository.class)
					.isInstanceOf(RedisIndexedSessionRepository.class);
			});
		assertThat(warnings(output, "is ignored")).isEmpty();
	}

	@Test
	void redisSessionSettingsAreWarnedInOneLineWhenSessionsAreInMemory(CapturedOutput output) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "SESSION_STORE",
				"memory"))
			.withPropertyValues("spring.session.data.redis.namespace=shop:s",
					"spring.session.data.redis.flush-mode=immediate")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(SessionRepository.class).isInstanceOf(MapSessionRepository.class);
			});
		assertThat(warnings(output, "are ignored: sessions are not kept in Redis")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("spring.session.data.redis.flush-mode",
					"spring.session.data.redis.namespace", "SESSION_STORE=memory", "SESSION_STORE=redis"));
	}

	@Test
	void springBoot2NameOfCleanupCronIsWarnedWithItsCurrentName(CapturedOutput output) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.session.redis.cleanup-cron=0 * * * * *")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(warnings(output, "spring.session.redis.cleanup-cron is not read")).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("spring.session.data.redis.cleanup-cron"));
	}

	private static List<String> warnings(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains(text)).toList();
	}

}

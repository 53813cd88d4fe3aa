package dev.cacheplatform.health;

import java.util.List;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisRole;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real servers set up the way the seeds warn against, and the way they recommend: the check names the
 * dangerous ones per role, stays quiet for the recommended ones, and never needs CONFIG.
 */
class ServerSetupCheckTests {

	private static final String PASSWORD = "s3ss10n-Secret";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformSessionAutoConfiguration.class, SessionAutoConfiguration.class,
				CachePlatformAutoConfiguration.class, CachePlatformServerSetupAutoConfiguration.class));

	@Test
	void defaultServerIsFlaggedForBothRoles() {
		try (RedisServer server = RedisServer.builder().renameDangerousCommands().start()) {
			List<ServerSetupFinding> findings = check("REDIS_URL", server.url());
			assertThat(findings).extracting(ServerSetupFinding::role).containsExactly(RedisRole.CACHE, RedisRole.SESSION);
			assertThat(findings.get(0).problem()).contains("maxmemory is not set");
			assertThat(findings.get(1).problem()).contains("AOF is off");
			assertThat(findings).allSatisfy((finding) -> assertThat(finding.server()).isEqualTo(server.host() + ":" + server.port()));
		}
	}

	@Test
	void recommendedCacheAndSessionServersAreNotFlagged() {
		try (RedisServer cache = RedisServer.builder().config("maxmemory", "64mb")
			.config("maxmemory-policy", "allkeys-lru")
			.start();
				RedisServer session = RedisServer.builder().password(PASSWORD).persistence().start()) {
			assertThat(session.client().info("persistence")).contains("aof_enabled:1");
			assertThat(check("CACHE_REDIS_URL", cache.url(), "SESSION_REDIS_URL", session.url())).isEmpty();
		}
	}

	@Test
	void sessionsSharingAnEvictingCacheServerAreFlagged() {
		try (RedisServer server = RedisServer.builder().persistence().config("maxmemory", "64mb")
			.config("maxmemory-policy", "allkeys-lru")
			.start()) {
			List<ServerSetupFinding> findings = check("REDIS_URL", server.url());
			assertThat(findings).singleElement().satisfies((finding) -> {
				assertThat(finding.role()).isEqualTo(RedisRole.SESSION);
				assertThat(finding.problem()).contains("allkeys-lru").contains("logs users out");
				assertThat(finding.fix()).contains("SESSION_REDIS_URL").contains("noeviction");
			});
		}
	}

	@Test
	void cacheServerThatRefusesWritesWhenFullIsFlagged() {
		try (RedisServer server = RedisServer.builder().config("maxmemory", "64mb").start()) {
			assertThat(check("REDIS_URL", server.url(), "SESSION_STORE", "memory")).singleElement()
				.satisfies((finding) -> {
					assertThat(finding.role()).isEqualTo(RedisRole.CACHE);
					assertThat(finding.problem()).contains("noeviction");
				});
		}
	}

	@Test
	void unreachableServerIsSkippedWithoutFailingAnything() {
		RedisServer server = RedisServer.builder().start();
		try {
			server.kill();
			assertThat(check("REDIS_URL", server.url())).isEmpty();
		}
		finally {
			server.close();
		}
	}

	@Test
	void memoryDriverAndMemorySessionsNeedNoCheck() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ServerSetupCheck.class));
	}

	@Test
	void checkCanBeTurnedOff() {
		this.runner.withPropertyValues("cache-platform.redis.url=redis://127.0.0.1:1",
				"cache-platform.redis.check-server-setup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerSetupCheck.class));
	}

	private List<ServerSetupFinding> check(String... variables) {
		List<List<ServerSetupFinding>> result = new java.util.ArrayList<>();
		this.runner.withInitializer(EnvironmentVariablesInitializer.of(variables)).run((context) -> {
			assertThat(context).hasNotFailed();
			result.add(context.getBean(ServerSetupCheck.class).run());
		});
		return result.get(0);
	}

}

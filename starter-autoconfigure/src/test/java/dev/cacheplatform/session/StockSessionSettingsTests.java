package dev.cacheplatform.session;

import java.time.Duration;
import java.util.Map;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisIndexedHttpSession;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Stock Spring Session settings ({@code spring.session.*}) and annotations keep working with our starter,
 * against real Redis servers.
 */
class StockSessionSettingsTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformSessionAutoConfiguration.class,
				SessionDataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				CachePlatformAutoConfiguration.class));

	@BeforeEach
	void emptyServer() {
		for (int database = 0; database < 3; database++) {
			try (RespClient client = server.client(database)) {
				for (String key : server.keys(database)) {
					client.command("DEL", key);
				}
			}
		}
	}

	@Test
	void defaultRepositoryHonoursTimeoutNamespaceFlushAndSaveMode() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.session.timeout=45m", "spring.session.data.redis.namespace=legacy:sessions",
					"spring.session.data.redis.flush-mode=immediate", "spring.session.data.redis.save-mode=always",
					"spring.session.data.redis.repository-type=default")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SessionRepository<Session> repository = repository(context);
				assertThat(repository).isInstanceOf(CachePlatformRedisSessionRepository.class);
				Session session = repository.createSession();
				String key = "legacy:sessions:sessions:v2:" + session.getId();
				assertThat(server.keys(0)).containsExactly(key);
				try (RespClient client = server.client(0)) {
					assertThat(client.pttl(key)).isCloseTo(Duration.ofMinutes(45).toMillis(), within(5_000L));
				}
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
				repository.save(session);
				assertThat(findByPrincipalName(context, "alice")).containsOnlyKeys(session.getId());
			});
	}

	@Test
	void indexedRepositoryTypeIsSpringSessionsOnTheSessionRoleWithoutConfigAndFindsByPrincipal() {
		try (RedisServer hardened = RedisServer.builder().renameDangerousCommands().start()) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", hardened.url(), "REDIS_SESSION_DB", "2",
						"CACHE_PREFIX", "shop:"))
				.withPropertyValues("spring.session.data.redis.repository-type=indexed", "spring.session.timeout=20m")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					SessionRepository<Session> repository = repository(context);
					assertThat(repository).isInstanceOf(RedisIndexedSessionRepository.class);
					Session session = repository.createSession();
					session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob");
					repository.save(session);
					assertThat(findByPrincipalName(context, "bob")).containsOnlyKeys(session.getId());
					assertThat(hardened.keys(2)).contains("shop:session:sessions:" + session.getId());
					assertThat(hardened.keys(0)).isEmpty();
					assertThat(repository.findById(session.getId()).getMaxInactiveInterval())
						.isEqualTo(Duration.ofMinutes(20));
					assertThat(hardened.commandStats()).doesNotContainKey("config|set");
				});
		}
	}

	@Test
	void usersOwnEnableRedisHttpSessionMakesOursBackOff() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withUserConfiguration(OwnRedisSessions.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SessionRepository.class);
				assertThat(context).doesNotHaveBean(CachePlatformRedisSessionRepository.class);
				assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
				SessionRepository<Session> repository = repository(context);
				assertThat(repository).isInstanceOf(RedisSessionRepository.class);
				Session session = repository.createSession();
				repository.save(session);
				assertThat(server.keys(0)).containsExactly("spring:session:sessions:" + session.getId());
			});
	}

	@Test
	void usersOwnEnableRedisIndexedHttpSessionMakesOursBackOff() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withUserConfiguration(OwnIndexedRedisSessions.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SessionRepository.class);
				assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
				SessionRepository<Session> repository = repository(context);
				assertThat(repository).isInstanceOf(RedisIndexedSessionRepository.class);
				Session session = repository.createSession();
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "carol");
				repository.save(session);
				assertThat(findByPrincipalName(context, "carol")).containsOnlyKeys(session.getId());
				assertThat(server.keys(0)).contains("spring:session:sessions:" + session.getId());
			});
	}

	@SuppressWarnings("unchecked")
	private static SessionRepository<Session> repository(AssertableWebApplicationContext context) {
		return context.getBean(SessionRepository.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ? extends Session> findByPrincipalName(AssertableWebApplicationContext context,
			String principal) {
		return context.getBean(FindByIndexNameSessionRepository.class).findByPrincipalName(principal);
	}

	@EnableRedisHttpSession
	static class OwnRedisSessions {

	}

	@EnableRedisIndexedHttpSession
	static class OwnIndexedRedisSessions {

	}

}

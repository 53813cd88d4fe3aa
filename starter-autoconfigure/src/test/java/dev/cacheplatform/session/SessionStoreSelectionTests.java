package dev.cacheplatform.session;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.session.memory.BoundedSessionMap;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which session store and cache driver an application gets, with Boot's own Redis, cache and session
 * auto-configurations present as they are in every app that uses the starter.
 */
class SessionStoreSelectionTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformSessionAutoConfiguration.class,
				SessionDataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				CachePlatformAutoConfiguration.class));

	@Test
	void withoutRedisSettingsSessionsAndCacheStayInMemoryEvenThoughBootsRedisIsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(SessionRepository.class).isInstanceOf(MapSessionRepository.class);
			assertThat(((CachePlatformCacheManager) context.getBean(CacheManager.class)).getProvider())
				.isInstanceOf(MemoryCacheProvider.class);
		});
	}

	@Test
	void theMemoryStoreIsBoundedByMaxSessions() {
		this.runner.withPropertyValues("cache-platform.session.max-sessions=2").run((context) -> {
			MapSessionRepository repository = context.getBean(MapSessionRepository.class);
			BoundedSessionMap sessions = context.getBean(BoundedSessionMap.class);
			for (int i = 0; i < 5; i++) {
				repository.save(repository.createSession());
			}
			sessions.cleanUp();
			assertThat(sessions.asMap()).hasSize(2);
		});
	}

	@Test
	void aRedisLocationSelectsTheRedisStore() {
		this.runner.withPropertyValues("cache-platform.redis.url=redis://127.0.0.1:1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(SessionRepository.class).isInstanceOf(CachePlatformRedisSessionRepository.class);
		});
	}

	@Test
	void storeNoneLeavesSessionsToTheContainer() {
		this.runner.withPropertyValues("cache-platform.session.store=none").run((context) -> {
			assertThat(context).doesNotHaveBean(MapSessionRepository.class);
			assertThat(context).doesNotHaveBean(CachePlatformRedisSessionRepository.class);
		});
	}

	@Test
	void applicationsOwnSessionRepositoryMakesOursBackOff() {
		this.runner.withPropertyValues("cache-platform.redis.url=redis://127.0.0.1:1")
			.withUserConfiguration(OwnSessions.class)
			.run((context) -> assertThat(context).getBean(SessionRepository.class)
				.isSameAs(context.getBean("ownSessionRepository")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class OwnSessions {

		@Bean
		MapSessionRepository ownSessionRepository() {
			return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
		}

	}

}

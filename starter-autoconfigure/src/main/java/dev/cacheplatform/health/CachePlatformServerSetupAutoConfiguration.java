package dev.cacheplatform.health;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Checks, once the application is ready and off its startup thread, that the servers of the Redis roles
 * in use are set up for their role ({@link ServerSetupCheck}). Off with
 * {@code cache-platform.redis.check-server-setup=false}.
 */
@AutoConfiguration(after = { CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
		CachePlatformSessionAutoConfiguration.class })
@ConditionalOnBean(RedisEndpoints.class)
@ConditionalOnBooleanProperty(name = "cache-platform.redis.check-server-setup", matchIfMissing = true)
public final class CachePlatformServerSetupAutoConfiguration {

	private static final String SESSION_REPOSITORY = "org.springframework.session.SessionRepository";

	@Bean
	@ConditionalOnMissingBean
	ServerSetupCheck cachePlatformServerSetupCheck(RedisEndpoints endpoints, ObjectProvider<CacheManager> cacheManager,
			ListableBeanFactory beanFactory) {
		ServerSetupCheck check = new ServerSetupCheck();
		if (cacheManager.getIfUnique() instanceof CachePlatformCacheManager manager
				&& manager.getProvider() instanceof RedisCacheProvider) {
			check.role(endpoints.cache(), beanFactory.getBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY,
					RedisConnectionFactory.class));
		}
		if (redisSessionsInUse(beanFactory)) {
			check.role(endpoints.session(), beanFactory
				.getBean(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY, RedisConnectionFactory.class));
		}
		return check;
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> cachePlatformServerSetupCheckOnReady(ServerSetupCheck check) {
		return (event) -> {
			Thread thread = new Thread(check::run, "cache-platform-server-check");
			thread.setDaemon(true);
			thread.start();
		};
	}

	// Our repository on the session role, default or indexed; not the memory store, and not an application's
	// own @EnableRedisHttpSession, whose connection is not the session role's
	private static boolean redisSessionsInUse(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = CachePlatformServerSetupAutoConfiguration.class.getClassLoader();
		if (!ClassUtils.isPresent(SESSION_REPOSITORY, classLoader)) {
			return false;
		}
		return beanFactory.getBeanNamesForType(CachePlatformRedisSessionRepository.class, false, false).length > 0
				|| beanFactory.containsBean(CachePlatformSessionAutoConfiguration.INDEXED_SESSION_CONNECTION_FACTORY);
	}

}

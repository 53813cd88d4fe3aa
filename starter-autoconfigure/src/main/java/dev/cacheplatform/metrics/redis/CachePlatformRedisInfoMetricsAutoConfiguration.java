package dev.cacheplatform.metrics.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoint;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Redis server gauges per role in use ({@code cache} when the cache driver uses Redis, {@code session}
 * when sessions are in Redis), bound to every {@link MeterRegistry} by Spring Boot as a
 * {@link io.micrometer.core.instrument.binder.MeterBinder}. Roles on one server share one reader, so the
 * server is read once per interval. The session store's own meters are
 * {@link dev.cacheplatform.metrics.session.CachePlatformSessionMetricsAutoConfiguration}'s.
 */
@AutoConfiguration(after = { CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
		CachePlatformSessionAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(RedisEndpoints.class)
@EnableConfigurationProperties(RedisInfoMetricsProperties.class)
public final class CachePlatformRedisInfoMetricsAutoConfiguration {

	private static final String SESSION_REPOSITORY = "org.springframework.session.SessionRepository";

	@Bean
	RedisInfoScheduler cachePlatformRedisInfoScheduler(RedisEndpoints endpoints, ListableBeanFactory beanFactory,
			RedisInfoMetricsProperties properties) {
		return new RedisInfoScheduler(List.copyOf(readers(endpoints, beanFactory).values()),
				properties.getRedisInfoInterval());
	}

	@Bean
	RedisInfoMeterBinder cachePlatformRedisInfoMeterBinder(RedisInfoScheduler scheduler, RedisEndpoints endpoints,
			ListableBeanFactory beanFactory) {
		Map<String, RedisInfoReader> byServer = new LinkedHashMap<>();
		scheduler.readers().forEach((reader) -> byServer.put(reader.server(), reader));
		Map<String, RedisInfoReader> byRole = new LinkedHashMap<>();
		if (cacheInRedis(beanFactory)) {
			byRole.put("cache", byServer.get(endpoints.cache().server()));
		}
		if (sessionsInRedis(beanFactory)) {
			byRole.put("session", byServer.get(endpoints.session().server()));
		}
		return new RedisInfoMeterBinder(byRole, scheduler);
	}

	// One reader per distinct server of the roles in use, on the first such role's connections
	private static Map<String, RedisInfoReader> readers(RedisEndpoints endpoints, ListableBeanFactory beanFactory) {
		Map<String, RedisInfoReader> readers = new LinkedHashMap<>();
		if (cacheInRedis(beanFactory)) {
			add(readers, endpoints.cache(), beanFactory, CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY);
		}
		if (sessionsInRedis(beanFactory)) {
			add(readers, endpoints.session(), beanFactory,
					CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY);
		}
		return readers;
	}

	private static void add(Map<String, RedisInfoReader> readers, RedisEndpoint endpoint,
			ListableBeanFactory beanFactory, String factoryName) {
		readers.computeIfAbsent(endpoint.server(),
				(server) -> new RedisInfoReader(server, beanFactory.getBean(factoryName, RedisConnectionFactory.class)));
	}

	private static boolean cacheInRedis(ListableBeanFactory beanFactory) {
		return beanFactory.getBeanNamesForType(RedisCacheProvider.class, false, false).length > 0;
	}

	// Our repository on the session role, default or indexed; not the memory store
	private static boolean sessionsInRedis(ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(SESSION_REPOSITORY,
				CachePlatformRedisInfoMetricsAutoConfiguration.class.getClassLoader())) {
			return false;
		}
		return beanFactory.getBeanNamesForType(CachePlatformRedisSessionRepository.class, false, false).length > 0
				|| beanFactory.containsBean(CachePlatformSessionAutoConfiguration.INDEXED_SESSION_CONNECTION_FACTORY);
	}

}

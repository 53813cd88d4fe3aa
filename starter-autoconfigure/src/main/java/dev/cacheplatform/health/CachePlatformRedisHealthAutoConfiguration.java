package dev.cacheplatform.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoint;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisRole;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Redis health per role, in place of Spring Boot's {@code redis} indicator, which probes the application's
 * default connection even when nobody configured it (so two role servers and no {@code REDIS_URL} read
 * {@code DOWN} from a localhost:6379 that does not exist).
 * <p>
 * Contributes {@code redis} with one member per role in use: {@code cache} when the cache driver uses
 * Redis, {@code session} when sessions are in Redis, {@code default} when a shared location
 * ({@code REDIS_URL}, host/port, cluster, sentinel, {@code spring.data.redis.*}) was configured. Roles on
 * one server share one probe. See {@link RedisRoleHealthIndicator} for what each reports and
 * {@link SessionReadinessGroups} for the readiness group. Applies only with the starter's Redis roles;
 * otherwise Boot's indicator stays.
 */
@AutoConfiguration(
		after = { CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CachePlatformSessionAutoConfiguration.class },
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
		beforeName = { "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration" })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(RedisEndpoints.class)
@ConditionalOnEnabledHealthIndicator("redis")
public final class CachePlatformRedisHealthAutoConfiguration {

	private static final String SESSION_REPOSITORY = "org.springframework.session.SessionRepository";

	private static final List<String> SHARED_LOCATION = List.of("cache-platform.redis.url", "cache-platform.redis.host",
			"cache-platform.redis.port", "cache-platform.redis.cluster.nodes[0]", "cache-platform.redis.cluster.nodes",
			"cache-platform.redis.sentinel.master", "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.cluster.nodes[0]", "spring.data.redis.cluster.nodes",
			"spring.data.redis.sentinel.master");

	@Bean
	@ConditionalOnMissingBean(name = { "redisHealthIndicator", "redisHealthContributor" })
	CompositeHealthContributor redisHealthContributor(RedisEndpoints endpoints, ListableBeanFactory beanFactory,
			ObjectProvider<CacheFaultPolicy> cacheFaults, ObjectProvider<RedisConnectionFactory> defaultFactory,
			Environment environment) {
		Map<String, RedisServerProbe> probes = new LinkedHashMap<>();
		Map<String, HealthContributor> roles = new LinkedHashMap<>();
		if (beanFactory.getBeanNamesForType(RedisCacheProvider.class, false, false).length > 0) {
			RedisConnectionFactory factory = beanFactory.getBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY,
					RedisConnectionFactory.class);
			roles.put("cache", indicator(endpoints.cache(), factory, probes, cacheFaults::getIfUnique));
		}
		if (redisSessionsInUse(beanFactory)) {
			RedisConnectionFactory factory = beanFactory
				.getBean(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY, RedisConnectionFactory.class);
			roles.put("session", indicator(endpoints.session(), factory, probes, () -> null));
		}
		RedisConnectionFactory factory = defaultFactory.getIfUnique();
		if (factory != null && sharedLocationConfigured(environment)) {
			roles.put("default", indicator(endpoints.defaultEndpoint(), factory, probes, () -> null));
		}
		return CompositeHealthContributor.fromMap(roles);
	}

	@Bean
	static HealthEndpointGroupsPostProcessor cachePlatformSessionReadinessGroups() {
		return new SessionReadinessGroups();
	}

	private static RedisRoleHealthIndicator indicator(RedisEndpoint endpoint, RedisConnectionFactory factory,
			Map<String, RedisServerProbe> probes, Supplier<@Nullable CacheFaultPolicy> faults) {
		RedisServerProbe probe = probes.computeIfAbsent(endpoint.server(),
				(server) -> new RedisServerProbe(server, factory));
		RedisRole role = endpoint.role();
		return new RedisRoleHealthIndicator(role, endpoint.database(), probe, faults);
	}

	private static boolean sharedLocationConfigured(Environment environment) {
		return SHARED_LOCATION.stream().anyMatch((property) -> {
			String value = environment.getProperty(property);
			return value != null && !value.isBlank();
		});
	}

	// Our repository on the session role, default or indexed; not the memory store
	private static boolean redisSessionsInUse(ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(SESSION_REPOSITORY, CachePlatformRedisHealthAutoConfiguration.class.getClassLoader())) {
			return false;
		}
		return beanFactory.getBeanNamesForType(CachePlatformRedisSessionRepository.class, false, false).length > 0
				|| beanFactory.containsBean(CachePlatformSessionAutoConfiguration.INDEXED_SESSION_CONNECTION_FACTORY);
	}

}

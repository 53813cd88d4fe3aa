package dev.cacheplatform.connection;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Decides whether the application has asked for Redis at all: a location in {@code cache-platform.redis.*}
 * or its variables, in Spring Boot's {@code spring.data.redis.*}, a {@code @ServiceConnection}, or a
 * driver or session store that needs Redis. Without any of these, the defaults are the in-memory
 * driver and session store and no Redis connection is made.
 */
public final class RedisLocation {

	private static final List<String> LOCATION_PROPERTIES = List.of("cache-platform.redis.url",
			"cache-platform.redis.host", "cache-platform.redis.port", "cache-platform.redis.cluster.nodes",
			"cache-platform.redis.sentinel.master", "cache-platform.redis.sentinel.nodes",
			"cache-platform.redis.cache.url", "cache-platform.redis.cache.host", "cache-platform.redis.cache.port",
			"cache-platform.redis.session.url", "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master");

	private static final String CONNECTION_DETAILS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

	private RedisLocation() {
	}

	/**
	 * Whether a Redis location is configured by properties or by a connection-details bean.
	 * @param environment the environment
	 * @param beanFactory the bean factory, to find a {@code @ServiceConnection}; may be {@code null}
	 * @return {@code true} if Redis was configured
	 */
	public static boolean isConfigured(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory) {
		for (String property : LOCATION_PROPERTIES) {
			if (hasText(environment.getProperty(property))) {
				return true;
			}
		}
		if (hasText(environment.getProperty("cache-platform.redis.cluster.nodes[0]"))
				|| hasText(environment.getProperty("cache-platform.redis.sentinel.nodes[0]"))
				|| hasText(environment.getProperty("spring.data.redis.cluster.nodes[0]"))) {
			return true;
		}
		return beanFactory != null && ClassUtils.isPresent(CONNECTION_DETAILS, beanFactory.getBeanClassLoader())
				&& beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(CONNECTION_DETAILS,
						beanFactory.getBeanClassLoader()), true, false).length > 0;
	}

	/**
	 * Whether Redis is needed: configured, or asked for by the cache driver or the session store.
	 * @param environment the environment
	 * @param beanFactory the bean factory; may be {@code null}
	 * @return {@code true} if Redis connections should be set up
	 */
	public static boolean isRequested(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory) {
		String driver = normalized(environment.getProperty("cache-platform.cache.driver"));
		String store = normalized(environment.getProperty("cache-platform.session.store"));
		boolean driverNeedsRedis = driver != null && (driver.startsWith("redis") || driver.equals("tiered"));
		return driverNeedsRedis || "redis".equals(store) || isConfigured(environment, beanFactory);
	}

	private static @Nullable String normalized(@Nullable String value) {
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT).replace('_', '-') : null;
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}

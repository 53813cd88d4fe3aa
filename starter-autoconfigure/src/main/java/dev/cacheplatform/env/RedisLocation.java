package dev.cacheplatform.env;

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

	private static final String BOOT_PROPERTIES_DETAILS = "org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails";

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
		return beanFactory != null && hasSuppliedConnectionDetails(beanFactory);
	}

	/**
	 * Whether someone supplied Redis connection details ({@code @ServiceConnection}, Docker Compose, a bean
	 * of the application). Boot's own property-backed details do not count: they exist whenever Boot's
	 * Redis auto-configuration has been processed, configured or not, and {@code spring.data.redis.*}
	 * is checked above.
	 */
	private static boolean hasSuppliedConnectionDetails(ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (!ClassUtils.isPresent(CONNECTION_DETAILS, classLoader)) {
			return false;
		}
		for (String name : beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(CONNECTION_DETAILS, classLoader),
				true, false)) {
			Class<?> type = beanFactory.getType(name, false);
			if (type == null || !type.getName().equals(BOOT_PROPERTIES_DETAILS)) {
				return true;
			}
		}
		return false;
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

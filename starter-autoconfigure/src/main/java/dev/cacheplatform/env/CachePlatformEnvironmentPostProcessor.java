package dev.cacheplatform.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.env.EnvironmentVariables.Conversion;
import dev.cacheplatform.env.EnvironmentVariables.Mapping;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps the container variables of the configuration contract ({@code REDIS_URL}, {@code CACHE_DRIVER},
 * ...) to {@code cache-platform.*} properties. The resulting property source sits right after the
 * system environment, so these variables override application.yml exactly as any environment variable
 * does, while system properties and command-line arguments still win. Blank variables count as unset.
 * Each mapped property remembers the variable it came from, so binding errors and startup reports
 * name the variable.
 */
public class CachePlatformEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "cachePlatformEnvironmentVariables";

	/**
	 * The loggers of xmemcached (and its network layer, yanf4j) that repeat a stack trace for every failed
	 * reconnect; switched off by default with the memcached driver, a {@code logging.level} of the app's own wins.
	 */
	static final List<String> XMEMCACHED_LOGGERS = List.of("com.google.code.yanf4j", "remoting",
			"net.rubyeye.xmemcached.impl.MemcachedHandler", "net.rubyeye.xmemcached.impl.MemcachedConnector");

	/** Name of the lowest-precedence defaults this post-processor adds when no Redis is requested. */
	public static final String DEFAULTS_PROPERTY_SOURCE_NAME = "cachePlatformDefaults";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> systemEnvironment = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		Map<String, Object> properties = new LinkedHashMap<>();
		Map<String, String> variables = new LinkedHashMap<>();
		for (Mapping mapping : (systemEnvironment != null) ? EnvironmentVariables.MAPPINGS : List.<Mapping>of()) {
			for (String name : mapping.names()) {
				String value = text(systemEnvironment, name);
				if (value != null) {
					properties.put(mapping.property(), convert(value, mapping.conversion()));
					variables.put(mapping.property(), name);
					break;
				}
			}
		}
		String ttls = (systemEnvironment != null) ? text(systemEnvironment, EnvironmentVariables.CACHE_TTLS) : null;
		if (ttls != null) {
			mapPerCacheTtls(ttls, properties, variables);
		}
		String shared = (systemEnvironment != null)
				? text(systemEnvironment, EnvironmentVariables.CACHE_SHARED_CACHES) : null;
		if (shared != null) {
			mapSharedCaches(shared, properties, variables);
		}
		if (isMemcachedDriver(properties, environment)) {
			EnvironmentVariables.MEMCACHED_CACHE_LOCATION.forEach((redisProperty, memcachedProperty) -> {
				Object value = properties.remove(redisProperty);
				String variable = variables.remove(redisProperty);
				if (value != null && !properties.containsKey(memcachedProperty)) {
					properties.put(memcachedProperty, value);
					variables.put(memcachedProperty, variable);
				}
			});
		}
		if (!properties.isEmpty()) {
			sources.remove(PROPERTY_SOURCE_NAME);
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new VariablePropertySource(properties, variables));
		}
		sources.remove(DEFAULTS_PROPERTY_SOURCE_NAME);
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (!RedisLocation.isRequested(environment, null)) {
			// Boot would otherwise probe a localhost Redis nobody asked for and report the app DOWN.
			defaults.put("management.health.redis.enabled", "false");
		}
		if (isMemcachedDriver(properties, environment)) {
			// xmemcached logs every failed reconnect at ERROR with a stack trace (about 5 lines a second per
			// server that is down); the fault layer already reports an outage in rate-limited WARN lines
			XMEMCACHED_LOGGERS.forEach((logger) -> defaults.put("logging.level." + logger, "OFF"));
		}
		if (!defaults.isEmpty()) {
			sources.addLast(new MapPropertySource(DEFAULTS_PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static boolean isMemcachedDriver(Map<String, Object> properties, ConfigurableEnvironment environment) {
		Object driver = properties.get("cache-platform.cache.driver");
		String text = (driver != null) ? driver.toString() : environment.getProperty("cache-platform.cache.driver");
		return text != null && text.trim().equalsIgnoreCase("memcached");
	}

	private static @Nullable String text(PropertySource<?> systemEnvironment, String name) {
		Object value = systemEnvironment.getProperty(name);
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		return text.isEmpty() ? null : text;
	}

	private static String convert(String value, Conversion conversion) {
		if (conversion == Conversion.SECONDS && isWholeNumber(value)) {
			return value + "s";
		}
		return value;
	}

	private static boolean isWholeNumber(String value) {
		return value.matches("-?\\d+");
	}

	/**
	 * {@code products=1h,users=24h,rates=3600} becomes {@code cache-platform.cache.caches[products].ttl=1h}
	 * and so on; a bare number is seconds, as in CACHE_TTL_SECONDS.
	 */
	private static void mapPerCacheTtls(String ttls, Map<String, Object> properties, Map<String, String> variables) {
		for (String entry : ttls.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			String name = (equals > 0) ? trimmed.substring(0, equals).trim() : "";
			String ttl = (equals > 0) ? trimmed.substring(equals + 1).trim() : "";
			if (name.isEmpty() || ttl.isEmpty() || name.contains("[") || name.contains("]")) {
				throw new InvalidSettingException(EnvironmentVariables.CACHE_TTLS, ttls,
						"the entry '" + trimmed + "' is not of the form <cache-name>=<ttl>",
						"a comma-separated list of <cache-name>=<ttl>, e.g. 'products=1h,users=24h,rates=3600' "
								+ "(a bare number is seconds; 0 means no expiry)");
			}
			String property = "cache-platform.cache.caches[" + name + "].ttl";
			properties.put(property, convert(ttl, Conversion.SECONDS));
			variables.put(property, EnvironmentVariables.CACHE_TTLS);
		}
	}

	/**
	 * {@code company-settings,countries} becomes {@code cache-platform.cache.caches[company-settings].shared=true}
	 * and so on.
	 */
	private static void mapSharedCaches(String names, Map<String, Object> properties, Map<String, String> variables) {
		for (String entry : names.split(",")) {
			String name = entry.trim();
			if (name.isEmpty()) {
				continue;
			}
			if (name.contains("[") || name.contains("]") || name.contains("=")) {
				throw new InvalidSettingException(EnvironmentVariables.CACHE_SHARED_CACHES, names,
						"the entry '" + name + "' is not a cache name",
						"a comma-separated list of cache names, e.g. 'company-settings,countries'");
			}
			String property = "cache-platform.cache.caches[" + name + "].shared";
			properties.put(property, "true");
			variables.put(property, EnvironmentVariables.CACHE_SHARED_CACHES);
		}
	}

	/**
	 * The mapped properties, each reporting the variable it came from as its origin.
	 */
	static final class VariablePropertySource extends MapPropertySource implements OriginLookup<String> {

		private final Map<String, String> variables;

		VariablePropertySource(Map<String, Object> properties, Map<String, String> variables) {
			super(PROPERTY_SOURCE_NAME, properties);
			this.variables = variables;
		}

		@Override
		public @Nullable Origin getOrigin(String property) {
			String variable = this.variables.get(property);
			return (variable != null) ? new SystemEnvironmentOrigin(variable) : null;
		}

	}

}

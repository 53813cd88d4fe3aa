package dev.cacheplatform.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * Names a setting the way the user wrote it: {@code REDIS_URL (cache-platform.redis.url)} when the
 * value came from an environment variable, the property name with its file position otherwise.
 */
public final class SettingNames {

	private SettingNames() {
	}

	/**
	 * Describes where a property's current value comes from.
	 * @param environment the application environment
	 * @param property the canonical property name, e.g. {@code cache-platform.redis.url}
	 * @return e.g. {@code REDIS_URL (cache-platform.redis.url)}
	 */
	public static String describe(@Nullable Environment environment, String property) {
		return describe(property, (environment != null) ? origin(environment, property) : null);
	}

	/**
	 * Describes a property given its origin.
	 * @param property the property name
	 * @param origin where its value came from, if known
	 * @return e.g. {@code REDIS_URL (cache-platform.redis.url)}
	 */
	public static String describe(String property, @Nullable Origin origin) {
		String variable = environmentVariable(origin);
		if (variable != null) {
			return variable + " (" + property + ")";
		}
		return (origin != null) ? property + " (from " + origin + ")" : property;
	}

	private static @Nullable String environmentVariable(@Nullable Origin origin) {
		while (origin != null) {
			if (origin instanceof SystemEnvironmentOrigin env) {
				return env.getProperty();
			}
			origin = (origin instanceof PropertySourceOrigin wrapper && wrapper.getOrigin() != origin)
					? wrapper.getOrigin() : origin.getParent();
		}
		return null;
	}

	private static @Nullable Origin origin(Environment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty candidate = source.getConfigurationProperty(name);
			if (candidate != null) {
				return candidate.getOrigin();
			}
		}
		return null;
	}

}

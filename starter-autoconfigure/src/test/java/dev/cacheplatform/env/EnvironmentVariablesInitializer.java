package dev.cacheplatform.env;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Gives a test context the given environment variables (instead of the JVM's) and runs the real
 * {@link CachePlatformEnvironmentPostProcessor} on them, as SpringApplication would.
 */
public final class EnvironmentVariablesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private final Map<String, Object> variables;

	private EnvironmentVariablesInitializer(Map<String, Object> variables) {
		this.variables = variables;
	}

	/**
	 * @param namesAndValues alternating names and values
	 * @return an initializer that installs them
	 */
	public static EnvironmentVariablesInitializer of(String... namesAndValues) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			variables.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return new EnvironmentVariablesInitializer(variables);
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		apply(context.getEnvironment(), this.variables);
	}

	/**
	 * Replaces the environment's variables and runs the post-processor.
	 * @param environment the environment
	 * @param variables the variables
	 */
	public static void apply(ConfigurableEnvironment environment, Map<String, Object> variables) {
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
		new CachePlatformEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
	}

	/**
	 * A {@link StandardEnvironment} whose variables are exactly the given ones, for {@link SpringApplication#setEnvironment}.
	 * @param variables the variables
	 * @return the environment
	 */
	public static StandardEnvironment environmentWith(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new MapPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
		return environment;
	}

}

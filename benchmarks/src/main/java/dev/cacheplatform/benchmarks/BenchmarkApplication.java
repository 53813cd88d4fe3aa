package dev.cacheplatform.benchmarks;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The smallest application that gets Cache Platform's {@code CacheManager} from the auto-configuration,
 * exactly as a service would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	/**
	 * Starts a non-web context.
	 * @param properties the Cache Platform settings of this run
	 * @return the running context; the caller closes it
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "WARN",
					// Keeps Cache Platform's startup report (driver, server, database) in the run output
					"logging.level.dev.cacheplatform", "INFO",
					"cache-platform.cache.serialization.allowed-packages", "dev.cacheplatform.benchmarks"))
			.properties(properties)
			.run();
	}

}

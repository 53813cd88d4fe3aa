package dev.cacheplatform.benchmarks.http;

import java.util.List;
import java.util.Map;

/**
 * What one row of the benchmark runs: the sample app with one of Cache Platform's drivers
 * ({@code CACHE_DRIVER}), or with stock Spring Boot's cache manager ({@code SPRING_CACHE_TYPE}, which makes
 * the starter's back off), and the row its requests/s are compared with.
 *
 * @param name the name on the command line and in the table
 * @param environment the variables that select the cache manager
 * @param baseline the name of the row this one is compared with
 */
record Target(String name, Map<String, String> environment, String baseline) {

	/** The names {@link #of(String)} accepts. */
	static final List<String> NAMES = List.of("memory", "redis", "tiered", "stock-memory", "stock-redis");

	/**
	 * Returns the target of a name.
	 * @param name one of {@link #NAMES}
	 * @return the target
	 * @throws IllegalArgumentException for any other name
	 */
	static Target of(String name) {
		return switch (name) {
			case "memory", "redis", "tiered" -> new Target(name, Map.of("CACHE_DRIVER", name), "memory");
			// Spring Boot's in-memory cache when Caffeine is on the classpath, as it is in the sample app
			case "stock-memory" -> new Target(name, Map.of("SPRING_CACHE_TYPE", "caffeine"), "stock-memory");
			// Spring Data Redis's RedisCacheManager with its defaults (JDK serialization, no TTL)
			case "stock-redis" -> new Target(name, Map.of("SPRING_CACHE_TYPE", "redis"), "stock-memory");
			default -> throw new IllegalArgumentException(
					"Unknown driver '" + name + "': accepted are " + String.join(", ", NAMES));
		};
	}

}

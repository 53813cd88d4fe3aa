package dev.cacheplatform.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.cacheplatform.cache.CacheDriver;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata generated at build time documents every property of the env contract with its
 * variable, and offers the accepted values as hints.
 */
class ConfigurationMetadataTests {

	/** An environment variable as the help texts name them: upper case with at least one underscore. */
	private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");

	private final String metadata = read("META-INF/spring-configuration-metadata.json");

	@Test
	void everyEnvironmentVariableIsDocumentedOnItsProperty() {
		for (EnvironmentVariables.Mapping mapping : EnvironmentVariables.MAPPINGS) {
			List<Map<String, Object>> properties = JsonPath.read(this.metadata,
					"$.properties[?(@.name == '" + mapping.property() + "')]");
			assertThat(properties).as(mapping.property()).hasSize(1);
			assertThat((String) properties.get(0).get("description")).as(mapping.property())
				.contains(mapping.names().get(0));
		}
		List<Map<String, Object>> caches = JsonPath.read(this.metadata,
				"$.properties[?(@.name == 'cache-platform.cache.caches')]");
		assertThat((String) caches.get(0).get("description")).contains(EnvironmentVariables.CACHE_TTLS,
				EnvironmentVariables.CACHE_SHARED_CACHES);
	}

	@Test
	void everyPropertyHasADescription() {
		List<String> undocumented = JsonPath.read(this.metadata, "$.properties[?(!@.description)].name");
		assertThat(undocumented).isEmpty();
	}

	@Test
	void driverHintsListEveryDriver() {
		List<String> values = JsonPath.read(this.metadata,
				"$.hints[?(@.name == 'cache-platform.cache.driver')].values[*].value");
		assertThat(values).containsExactlyInAnyOrder(
				java.util.Arrays.stream(CacheDriver.values()).map(CacheDriver::settingValue).toArray(String[]::new));
	}

	@Test
	void everyVariableNamedInTheHelpIsOneTheStarterReads() {
		Set<String> known = EnvironmentVariables.MAPPINGS.stream()
			.flatMap((mapping) -> mapping.names().stream())
			.collect(Collectors.toSet());
		known.add(EnvironmentVariables.CACHE_TTLS);
		known.add(EnvironmentVariables.CACHE_SHARED_CACHES);
		List<String> descriptions = JsonPath.read(this.metadata, "$.properties[*].description");
		Set<String> named = new TreeSet<>();
		for (String description : descriptions) {
			Matcher matcher = VARIABLE.matcher(description);
			while (matcher.find()) {
				named.add(matcher.group());
			}
		}
		assertThat(named).isNotEmpty().allSatisfy((name) -> assertThat(known).as("variables read").contains(name));
	}

	@Test
	void sessionRoleHelpNamesSessionVariablesAndCacheRoleHelpCacheVariables() {
		List<Map<String, Object>> session = JsonPath.read(this.metadata,
				"$.properties[?(@.name =~ /cache-platform\\.redis\\.session\\..*/)]");
		assertThat(session).extracting((property) -> property.get("name"))
			.contains("cache-platform.redis.session.url", "cache-platform.redis.session.host",
					"cache-platform.redis.session.database");
		assertThat(session).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as((String) property.get("name"))
			.doesNotContain("CACHE_", "cache role"));
		assertThat(description("cache-platform.redis.session.url")).contains("SESSION_REDIS_URL");
		assertThat(description("cache-platform.redis.session.database")).contains("REDIS_SESSION_DB");
		List<Map<String, Object>> cache = JsonPath.read(this.metadata,
				"$.properties[?(@.name =~ /cache-platform\\.redis\\.cache\\..*/)]");
		assertThat(cache).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as((String) property.get("name"))
			.doesNotContain("SESSION_", "session role"));
		assertThat(description("cache-platform.redis.cache.host")).contains("CACHE_HOST");
		assertThat(description("cache-platform.redis.cache.database")).contains("REDIS_CACHE_DB");
	}

	@Test
	void defaultsShowForDriverStoreTtlJitterAndTheCacheDatabase() {
		assertThat(defaultValue("cache-platform.cache.driver")).isEqualTo("memory");
		assertThat(defaultValue("cache-platform.session.store")).isEqualTo("memory");
		assertThat(defaultValue("cache-platform.cache.ttl-jitter")).isEqualTo(0);
		assertThat(defaultValue("cache-platform.redis.cache.database")).isEqualTo(1);
	}

	private String description(String name) {
		List<String> descriptions = JsonPath.read(this.metadata,
				"$.properties[?(@.name == '" + name + "')].description");
		assertThat(descriptions).as(name).hasSize(1);
		return descriptions.get(0);
	}

	private Object defaultValue(String name) {
		List<Object> defaults = JsonPath.read(this.metadata, "$.properties[?(@.name == '" + name + "')].defaultValue");
		assertThat(defaults).as("default of " + name).hasSize(1);
		return defaults.get(0);
	}

	private static String read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

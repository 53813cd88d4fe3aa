package dev.cacheplatform.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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

	private static String read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

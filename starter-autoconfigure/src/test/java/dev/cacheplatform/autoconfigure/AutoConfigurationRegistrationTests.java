package dev.cacheplatform.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered auto-configuration exists, and every neighbour named by string in
 * {@code beforeName}/{@code afterName} is a class that exists (Boot itself once shipped a stale one).
 */
class AutoConfigurationRegistrationTests {

	@Test
	void registeredAutoConfigurationsAndTheirNamedNeighboursExist() throws Exception {
		List<String> registered = registered();
		assertThat(registered).isNotEmpty();
		for (String name : registered) {
			Class<?> type = Class.forName(name);
			AutoConfiguration annotation = MergedAnnotations.from(type)
				.get(AutoConfiguration.class)
				.synthesize();
			List<String> neighbours = new ArrayList<>(List.of(annotation.beforeName()));
			neighbours.addAll(List.of(annotation.afterName()));
			for (String neighbour : neighbours) {
				assertThat(ClassUtils.isPresent(neighbour, getClass().getClassLoader()))
					.as(name + " names " + neighbour)
					.isTrue();
			}
		}
	}

	private static List<String> registered() throws IOException {
		try (InputStream in = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

}

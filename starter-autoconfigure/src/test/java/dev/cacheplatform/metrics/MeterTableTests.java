package dev.cacheplatform.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's meter table and the code agree: every meter name in the table is registered somewhere in the
 * metrics packages, and every meter name registered there is in the table, so an operator never looks for a
 * meter that does not exist nor misses one that does.
 */
class MeterTableTests {

	private static final Pattern NAME = Pattern.compile("`((?:cache|redis|session)\\.[a-z.]+)`");

	private static final Pattern LITERAL = Pattern.compile("\"((?:cache|redis|session)\\.[a-z.]+)\"");

	/** Names of that shape that are no meter: the cache manager tag, the observations. */
	private static final Set<String> NOT_METERS = Set.of("cache.manager", "cache.get", "cache.put");

	@Test
	void everyMeterOfTheReadmeTableIsRegisteredAndEveryRegisteredMeterIsInTheTable() throws IOException {
		assertThat(namesInTable()).isEqualTo(namesInCode()).isNotEmpty();
	}

	private static Set<String> namesInTable() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("\n## Metrics\n");
		assertThat(start).as("README has a Metrics section").isPositive();
		String section = readme.substring(start + 1, readme.indexOf("\n## ", start + 1));
		Set<String> names = new TreeSet<>();
		section.lines().filter((line) -> line.startsWith("| `")).forEach((line) -> {
			Matcher matcher = NAME.matcher(line.substring(0, line.indexOf(" |", 2)));
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		});
		names.removeAll(NOT_METERS);
		return names;
	}

	private static Set<String> namesInCode() throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java", "dev", "cacheplatform", "metrics"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Matcher matcher = LITERAL.matcher(Files.readString(source));
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		names.removeAll(NOT_METERS);
		return names;
	}

}

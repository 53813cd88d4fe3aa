package dev.cacheplatform.codec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fast instant parser agrees with {@link Instant#parse} on everything: the canonical form
 * {@link Instant#toString()} writes (every fraction length, leap days, the ends of the 4-digit years),
 * the forms it hands to the JDK, and the errors.
 */
class InstantModuleTests {

	@Test
	void agreesWithTheJdkOnRandomInstantsOfEveryFractionLength() {
		SplittableRandom random = new SplittableRandom(20261123);
		long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		int[] scales = { 1_000_000_000, 1_000_000, 1_000, 1 };
		for (int i = 0; i < 20_000; i++) {
			int scale = scales[i % scales.length];
			Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1),
					(random.nextInt(1_000_000_000) / scale) * (long) scale);
			String text = instant.toString();
			assertThat(InstantModule.parse(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(instant);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
			"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.123Z", "+10000-01-01T00:00:00Z",
			"2025-01-15T10:15:30.123456Z", "2025-01-15T10:15:30.1234567Z", "2025-01-15t10:15:30z",
			"2025-01-15T10:15:30+01:00", "2016-12-31T23:59:60Z", "2025-01-15T24:00:00Z", "2025-01-15T10:15:30.Z" })
	void readsWhatTheJdkReadsAsTheJdkReadsIt(String text) {
		assertThat(InstantModule.parse(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2023-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-15T10:15:3xZ", "2025-01-15 10:15:30Z", "2025-01-15T10:15:30.1234567890Z",
			"", "not an instant" })
	void rejectsWhatTheJdkRejects(String text) {
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Instant.parse(text));
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> InstantModule.parse(text));
	}

}

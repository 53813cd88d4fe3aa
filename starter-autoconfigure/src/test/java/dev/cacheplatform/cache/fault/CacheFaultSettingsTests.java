package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheFaultSettingsTests {

	@Test
	void defaults() {
		assertThat(CacheFaultSettings.defaults()).isEqualTo(new CacheFaultSettings(50, 20, 10, Duration.ofSeconds(5),
				Duration.ofMillis(200), Duration.ofSeconds(60)));
	}

	static Stream<Named<Runnable>> invalidSettings() {
		Duration second = Duration.ofSeconds(1);
		return Stream.of(
				Named.of("threshold 0", () -> new CacheFaultSettings(0, 20, 10, second, second, second)),
				Named.of("threshold 101", () -> new CacheFaultSettings(101, 20, 10, second, second, second)),
				Named.of("window 0", () -> new CacheFaultSettings(50, 0, 10, second, second, second)),
				Named.of("minimum calls 0", () -> new CacheFaultSettings(50, 20, 0, second, second, second)),
				Named.of("no wait", () -> new CacheFaultSettings(50, 20, 10, Duration.ZERO, second, second)),
				Named.of("negative slow call", () -> new CacheFaultSettings(50, 20, 10, second, second.negated(), second)),
				Named.of("no log interval", () -> new CacheFaultSettings(50, 20, 10, second, second, Duration.ZERO)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void rejectsSettingsThatMakeNoSense(Runnable settings) {
		assertThatIllegalArgumentException().isThrownBy(settings::run);
	}

}

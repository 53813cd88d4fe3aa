package dev.cacheplatform.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The command line of {@code http.sh}: drivers pick the cache manager's variable, bad input names itself
 * and what is accepted.
 */
class OptionsTests {

	@TempDir
	Path directory;

	@Test
	void driversSelectTheirCacheManagerAndBaseline() throws IOException {
		Options options = Options.parse(new String[] { "--jar", jar(), "--duration", "30s", "memory", "tiered",
				"stock-redis" });
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.targets()).extracting(Target::environment)
			.containsExactly(Map.of("CACHE_DRIVER", "memory"), Map.of("CACHE_DRIVER", "tiered"),
					Map.of("SPRING_CACHE_TYPE", "redis"));
		assertThat(options.targets()).extracting(Target::baseline).containsExactly("memory", "memory", "stock-memory");
	}

	@Test
	void withoutDriversComparesMemoryRedisAndTiered() throws IOException {
		assertThat(Options.parse(new String[] { "--jar", jar() }).targets()).extracting(Target::name)
			.containsExactly("memory", "redis", "tiered");
	}

	@Test
	void anUnknownDriverIsRejectedWithTheAcceptedOnes() throws IOException {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "--jar", jar(), "redis-sentinel" }))
			.withMessage("Unknown driver 'redis-sentinel': accepted are memory, redis, tiered, stock-memory, stock-redis");
	}

	@Test
	void aBadDurationNamesTheOptionAndTheValue() throws IOException {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "--jar", jar(), "--duration", "1m" }))
			.withMessage("--duration 1m: accepted is a whole number of seconds, e.g. 20 or 20s");
	}

	@Test
	void theWarmUpRunsFromItsMinimumToItsMaximum() throws IOException {
		Options options = Options.parse(new String[] { "--jar", jar(), "--warmup", "20", "--max-warmup", "90s" });
		assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(20));
		assertThat(options.maxWarmup()).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void aMaximumWarmUpBelowTheMinimumIsRejected() throws IOException {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--jar", jar(), "--warmup", "60", "--max-warmup", "30" }))
			.withMessage("--max-warmup 30s: accepted is at least --warmup (60s)");
	}

	private String jar() throws IOException {
		return Files.createFile(this.directory.resolve("sample.jar")).toString();
	}

}

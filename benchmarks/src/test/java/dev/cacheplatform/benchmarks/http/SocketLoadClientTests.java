package dev.cacheplatform.benchmarks.http;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java load client against a real HTTP server: it counts exactly the responses the server sent,
 * whatever their framing, and counts error statuses as errors.
 */
class SocketLoadClientTests {

	private final CountingServer server = new CountingServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/fixed", "/chunked", "/closing" })
	void countsEveryResponseTheServerSentWithoutErrors(String path) {
		LoadResult result = new SocketLoadClient().run(this.server.url(path), 4, Duration.ofSeconds(1));
		assertThat(result.requests()).isPositive().isEqualTo(this.server.answered());
		assertThat(result.errors()).isZero();
		assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
	}

	@Test
	void countsServerErrorsAsErrors() {
		LoadResult result = new SocketLoadClient().run(this.server.url("/failing"), 2, Duration.ofSeconds(1));
		assertThat(result.requests()).isPositive().isEqualTo(this.server.answered());
		assertThat(result.errors()).isEqualTo(result.requests());
	}

}

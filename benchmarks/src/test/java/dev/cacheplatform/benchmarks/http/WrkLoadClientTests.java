package dev.cacheplatform.benchmarks.http;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reading {@code wrk}'s report, and (where wrk is installed) running it against a real HTTP server.
 */
class WrkLoadClientTests {

	/** wrk 4.1.0's report of a run that got 404s from a Python http.server. */
	private static final String REPORT = """
			Running 2s test @ http://127.0.0.1:18777/nonexistent
			  1 threads and 2 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     6.77ms   14.19ms 116.46ms   92.33%
			    Req/Sec   717.45    307.33     1.42k    65.00%
			  Latency Distribution
			     50%    1.68ms
			     75%    5.31ms
			     90%   14.66ms
			     99%   75.25ms
			  1433 requests in 2.01s, 727.70KB read
			  Socket errors: connect 0, read 2, write 0, timeout 1
			  Non-2xx or 3xx responses: 1433
			Requests/sec:    713.90
			Transfer/sec:    362.53KB
			""";

	@Test
	void readsRequestsPercentilesAndErrorsFromTheReport() {
		LoadResult result = WrkLoadClient.parse(REPORT);
		assertThat(result.requests()).isEqualTo(1433);
		assertThat(result.requestsPerSecond()).isEqualTo(713.90);
		assertThat(result.p50()).isEqualTo(Duration.ofNanos(1_680_000));
		assertThat(result.p99()).isEqualTo(Duration.ofNanos(75_250_000));
		assertThat(result.errors()).isEqualTo(1433 + 2 + 1);
	}

	@Test
	void readsMicrosecondLatencies() {
		LoadResult result = WrkLoadClient.parse(REPORT.replace("1.68ms", "842.00us"));
		assertThat(result.p50()).isEqualTo(Duration.ofNanos(842_000));
	}

	@Test
	void anOutputWithoutAReportIsAnErrorThatShowsIt() {
		assertThatIllegalStateException().isThrownBy(() -> WrkLoadClient.parse("unable to connect to 127.0.0.1:1 Connection refused"))
			.withMessageContaining("Connection refused");
	}

	@Test
	void runsWrkAgainstARealServer() {
		Path wrk = WrkLoadClient.find();
		assumeTrue(wrk != null, "wrk is not installed");
		try (CountingServer server = new CountingServer()) {
			LoadResult result = new WrkLoadClient(wrk, 1).run(server.url("/fixed"), 2, Duration.ofSeconds(1));
			// wrk does not count the requests still in flight when it stops
			assertThat(result.requests()).isPositive().isLessThanOrEqualTo(server.answered());
			assertThat(result.errors()).isZero();
		}
	}

}

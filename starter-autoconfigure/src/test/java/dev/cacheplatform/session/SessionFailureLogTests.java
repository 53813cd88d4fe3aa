package dev.cacheplatform.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.session.redis.SessionStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure log's rate: a line per kind and interval, counting what it held back. */
@ExtendWith(OutputCaptureExtension.class)
class SessionFailureLogTests {

	private final AtomicLong nanos = new AtomicLong();

	private final SessionFailureLog log = new SessionFailureLog(this.nanos::get, Duration.ofMinutes(1));

	@Test
	void oneLinePerKindAndMinuteCountingTheRest(CapturedOutput output) {
		for (int i = 0; i < 100; i++) {
			this.log.failed(new SessionStoreUnavailableException("read a session", new QueryTimeoutException("t")));
		}
		this.log.failed(new SessionStoreUnavailableException("save a session",
				new RedisConnectionFailureException("refused")));
		this.nanos.addAndGet(Duration.ofSeconds(61).toNanos());
		this.log.failed(new SessionStoreUnavailableException("read a session", new QueryTimeoutException("t")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("SessionFailureLog")))
			.satisfiesExactly((line) -> assertThat(line).contains("QueryTimeoutException", ": 1 request answered 503"),
					(line) -> assertThat(line).contains("RedisConnectionFailureException", ": 1 request"),
					(line) -> assertThat(line).contains("QueryTimeoutException", ": 100 requests answered 503",
							"since the last such line"));
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

}

package dev.cacheplatform.cache.fault;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.codec.ValueUnreadableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage writes a handful of lines, not one per request: the first failure with its message, one
 * summary per interval, one line when the breaker opens and one when it closes. Lines are told apart by
 * a backend name unique to each test.
 */
@ExtendWith(OutputCaptureExtension.class)
class FaultLogTests {

	private static final Duration INTERVAL = CacheFaultSettings.defaults().logInterval();

	/** A breaker that does not open within 5,000 calls, to see the log limiter alone. */
	private static final CacheFaultSettings NEVER_OPENS = new CacheFaultSettings(100, 5000, 5000, Duration.ofSeconds(5),
			Duration.ofMillis(200), INTERVAL);

	private final Logger logger = (Logger) LoggerFactory.getLogger(CacheFaultPolicy.class);

	private final FakeTicker ticker = new FakeTicker();

	private final CacheFaultCounters counters = new CacheFaultCounters();

	private final SwitchableCache delegate = new SwitchableCache("users");

	private Level originalLevel;

	private String backend;

	private CacheFaultPolicy policy;

	@BeforeEach
	void nameBackendAfterTest(TestInfo test) {
		this.backend = "Backend[" + test.getTestMethod().orElseThrow().getName() + "]";
		this.originalLevel = this.logger.getLevel();
		this.logger.setLevel(Level.INFO);
	}

	@AfterEach
	void restoreLevel() {
		this.logger.setLevel(this.originalLevel);
	}

	@Test
	void thousandFailuresInOneIntervalLogOneLineAndLaterOneSummary(CapturedOutput output) {
		FaultTolerantCache cache = cache(NEVER_OPENS);
		this.delegate.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 1000; i++) {
			cache.get("k");
		}
		assertThat(this.counters.count(Kind.GET_FAILED)).isEqualTo(1000);
		assertThat(warnings(output)).singleElement()
			.asString()
			.endsWith(this.backend + ": get in cache 'users' failed, answered as a miss: RuntimeException: connection "
					+ "refused (further failures are summarised every 60s; stack trace at DEBUG)");
		assertThat(linesAfterWarnings(output)).noneMatch(FaultLogTests::isStackTrace);

		this.delegate.healthy();
		this.ticker.advance(INTERVAL.minusMillis(1));
		cache.get("k");
		assertThat(warnings(output)).hasSize(1);
		this.ticker.advance(Duration.ofSeconds(1));
		cache.get("k");
		cache.get("k");
		assertThat(warnings(output)).hasSize(2)
			.last()
			.asString()
			.endsWith(this.backend + ": 999 more failures in the last 60s (GET_FAILED=999); latest: RuntimeException: "
					+ "connection refused");
	}

	@Test
	void thousandCallsWithDefaultsLogOneFailureAndOneOpening(CapturedOutput output) {
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		this.delegate.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 1000; i++) {
			cache.get("k");
		}
		assertThat(this.counters.count(Kind.GET_FAILED)).isEqualTo(10);
		assertThat(this.counters.count(Kind.SHORT_CIRCUITED)).isEqualTo(990);
		assertThat(warnings(output)).hasSize(2)
			.last()
			.asString()
			.endsWith(this.backend + ": circuit breaker OPEN: caching bypassed for 5s after 10 failures in the last 10 "
					+ "calls; calls run the method directly");

		this.ticker.advance(INTERVAL.plusSeconds(1));
		for (int i = 0; i < 1000; i++) {
			cache.get("k");
		}
		assertThat(this.delegate.calls()).isEqualTo(10 + CacheFaultSettings.HALF_OPEN_CALLS);
		assertThat(warnings(output)).hasSize(3)
			.last()
			.asString()
			.endsWith(this.backend + ": 10 more failures in the last 61s (GET_FAILED=10); latest: RuntimeException: "
					+ "connection refused");
		assertThat(output.getAll()).containsOnlyOnce(this.backend + ": circuit breaker OPEN");
	}

	@Test
	void concurrentFailuresStillLogOneLine(CapturedOutput output) throws Exception {
		FaultTolerantCache cache = cache(NEVER_OPENS);
		this.delegate.failing(new RuntimeException("connection refused"));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> calls = IntStream.range(0, 8).<Future<?>>mapToObj((thread) -> threads.submit(() -> {
				for (int i = 0; i < 500; i++) {
					cache.get("k");
				}
			})).toList();
			for (Future<?> call : calls) {
				call.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.counters.count(Kind.GET_FAILED)).isEqualTo(4000);
		assertThat(warnings(output)).hasSize(1);
		this.ticker.advance(INTERVAL);
		this.delegate.healthy();
		cache.get("k");
		assertThat(warnings(output)).hasSize(2).last().asString().contains(": 3,999 more failures in the last 60s");
	}

	@Test
	void closingIsLoggedOnceAndPendingFailuresAreSummarisedLater(CapturedOutput output) {
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		this.delegate.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 10; i++) {
			cache.get("k");
		}
		this.delegate.healthy();
		this.ticker.advance(Duration.ofSeconds(7));
		for (int i = 0; i < 100; i++) {
			cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		assertThat(lines(output, "INFO")).singleElement()
			.asString()
			.endsWith(this.backend + ": circuit breaker CLOSED: caching resumed after being bypassed for 7s");
		assertThat(warnings(output)).hasSize(2);

		this.ticker.advance(INTERVAL);
		cache.get("k");
		assertThat(warnings(output)).hasSize(3).last().asString().contains(": 9 more failures in the last 67s (GET_FAILED=9)");
	}

	@Test
	void summaryCountsEachKindWithThousandsSeparators(CapturedOutput output) {
		FaultTolerantCache cache = cache(NEVER_OPENS);
		this.delegate.failing(new RuntimeException("connection refused"));
		cache.get("k");
		for (int i = 0; i < 1000; i++) {
			cache.get("k");
		}
		for (int i = 0; i < 200; i++) {
			cache.put("k", "v");
		}
		for (int i = 0; i < 30; i++) {
			cache.evict("k");
		}
		for (int i = 0; i < 4; i++) {
			cache.clear();
		}
		this.ticker.advance(INTERVAL.plusSeconds(2));
		cache.get("k");
		assertThat(warnings(output)).hasSize(2)
			.last()
			.asString()
			.endsWith(": 1,235 more failures in the last 62s (GET_FAILED=1,001, PUT_FAILED=200, EVICT_FAILED=30, "
					+ "CLEAR_FAILED=4); latest: RuntimeException: connection refused");
	}

	@Test
	void failureAfterAQuietIntervalIsLoggedAtOnce(CapturedOutput output) {
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		this.delegate.failing(new RuntimeException("connection refused"));
		cache.get("k");
		this.delegate.healthy();
		this.ticker.advance(INTERVAL);
		cache.get("k");
		assertThat(warnings(output)).hasSize(1);
		this.delegate.failing(new RuntimeException("connection reset"));
		cache.put("k", "v");
		assertThat(warnings(output)).hasSize(2)
			.last()
			.asString()
			.contains(": put in cache 'users' failed, value not stored: RuntimeException: connection reset");
	}

	@Test
	void unstorableValuesWarnOncePerTypeAndNeverOpenTheBreaker(CapturedOutput output) {
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		for (Class<?> type : List.of(Thread.class, Socket.class)) {
			this.delegate.failingWrites(FaultTolerantCacheTests.notStorable(type));
			for (int i = 0; i < 100; i++) {
				cache.put("k", "v");
			}
		}
		assertThat(this.counters.count(Kind.NOT_STORABLE, "users")).isEqualTo(200);
		assertThat(this.counters.count(Kind.PUT_FAILED)).isZero();
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		assertThat(warnings(output)).containsExactly(
				this.backend + ": a java.lang.Thread cannot be stored in cache 'users', so such values are returned "
						+ "uncached: Thread is not in the allow-list (logged once per type)",
				this.backend + ": a java.net.Socket cannot be stored in cache 'users', so such values are returned "
						+ "uncached: Socket is not in the allow-list (logged once per type)");
	}

	@Test
	void slowCallsOpeningTheBreakerSaySo(CapturedOutput output) {
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		this.delegate.slow(this.ticker, Duration.ofMillis(300));
		for (int i = 0; i < 10; i++) {
			cache.get("k");
		}
		assertThat(warnings(output)).singleElement()
			.asString()
			.endsWith(": circuit breaker OPEN: caching bypassed for 5s after 10 slow calls (over 200ms) in the last 10 "
					+ "calls; calls run the method directly");
	}

	@Test
	void badEntriesLogOneLinePerCacheAndReasonPerIntervalThenCountTheSuppressed(CapturedOutput output) {
		FaultTolerantCache cache = cache(NEVER_OPENS);
		this.delegate.failing(new ValueUnreadableException(UnreadableReason.NOT_AN_ENTRY, "not an envelope", null));
		for (int i = 0; i < 100; i++) {
			assertThat(cache.get("k")).isNull();
		}
		this.delegate.failing(new ValueUnreadableException(UnreadableReason.TOO_LARGE, "9437280 bytes", null));
		cache.get("k");
		assertThat(warnings(output)).containsExactly(
				this.backend + ": NOT_AN_ENTRY entry in cache 'users', answered as a miss and deleted: not an envelope "
						+ "(logged at most once per 60s per cache and reason)",
				this.backend + ": TOO_LARGE entry in cache 'users', answered as a miss and deleted: 9437280 bytes "
						+ "(logged at most once per 60s per cache and reason)");
		this.ticker.advance(INTERVAL.minusMillis(1));
		cache.get("k");
		assertThat(warnings(output)).hasSize(2);
		this.ticker.advance(Duration.ofMillis(1));
		this.delegate.failing(new ValueUnreadableException(UnreadableReason.NOT_AN_ENTRY, "not an envelope", null));
		cache.get("k");
		assertThat(warnings(output)).hasSize(3)
			.last()
			.asString()
			.contains("NOT_AN_ENTRY entry in cache 'users'")
			.contains("(99 more NOT_AN_ENTRY in cache 'users' since the last line)");
		assertThat(this.counters.count(UnreadableReason.NOT_AN_ENTRY, "users")).isEqualTo(101);
		assertThat(this.counters.count(UnreadableReason.TOO_LARGE, "users")).isEqualTo(2);
		assertThat(this.counters.count(Kind.UNREADABLE, "users")).isEqualTo(103);
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void suppressedBadEntriesAreSummarisedOnceTheIntervalEndsEvenWhenTheyStop(CapturedOutput output) {
		FaultTolerantCache cache = cache(NEVER_OPENS);
		this.delegate.failing(new ValueUnreadableException(UnreadableReason.TRUNCATED, "truncated", null));
		for (int i = 0; i < 5; i++) {
			cache.get("k");
		}
		this.delegate.healthy();
		this.ticker.advance(INTERVAL);
		cache.get("k");
		assertThat(warnings(output)).hasSize(2)
			.last()
			.asString()
			.contains("(4 more TRUNCATED in cache 'users' since the last line)");
	}

	@Test
	void manyCachesShareOneLinePerReasonBeyondTheTrackedOnes(CapturedOutput output) {
		cache(NEVER_OPENS);
		ValueUnreadableException garbage = new ValueUnreadableException(UnreadableReason.NOT_AN_ENTRY, "garbage", null);
		for (int i = 0; i < FaultLog.MAX_BAD_ENTRY_WINDOWS + 500; i++) {
			this.policy.badEntry("tenant-" + i + ":users", garbage);
		}
		assertThat(warnings(output)).hasSize(FaultLog.MAX_BAD_ENTRY_WINDOWS + 1)
			.last()
			.asString()
			.contains("NOT_AN_ENTRY entry in cache '(other caches)'");
		assertThat(this.counters.count(UnreadableReason.NOT_AN_ENTRY)).isEqualTo(FaultLog.MAX_BAD_ENTRY_WINDOWS + 500);
	}

	@Test
	void stackTraceOnlyAtDebug(CapturedOutput output) {
		this.logger.setLevel(Level.DEBUG);
		FaultTolerantCache cache = cache(CacheFaultSettings.defaults());
		this.delegate.failing(new RuntimeException("connection refused"));
		cache.get("k");
		assertThat(warnings(output)).hasSize(1);
		assertThat(linesAfterWarnings(output)).noneMatch(FaultLogTests::isStackTrace);
		assertThat(output.getAll()).contains(this.backend + ": stack trace of the GET_FAILED in cache 'users'")
			.contains("java.lang.RuntimeException: connection refused")
			.contains("\tat " + FaultLogTests.class.getName());
	}

	private FaultTolerantCache cache(CacheFaultSettings settings) {
		this.policy = new CacheFaultPolicy("test-cache", this.backend, settings, this.counters, this.ticker);
		return new FaultTolerantCache(this.delegate, this.policy);
	}

	/** The WARN lines of this test's backend, from the backend's name on. */
	private List<String> warnings(CapturedOutput output) {
		return lines(output, "WARN");
	}

	private List<String> lines(CapturedOutput output, String level) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains(level) && line.contains(this.backend + ":"))
			.map((line) -> line.substring(line.indexOf(this.backend)))
			.toList();
	}

	private List<String> linesAfterWarnings(CapturedOutput output) {
		List<String> all = output.getAll().lines().toList();
		return IntStream.range(0, all.size() - 1)
			.filter((i) -> all.get(i).contains("WARN") && all.get(i).contains(this.backend))
			.mapToObj((i) -> all.get(i + 1))
			.toList();
	}

	private static boolean isStackTrace(String line) {
		return line.startsWith("\tat ") || line.startsWith("java.lang.RuntimeException");
	}

}

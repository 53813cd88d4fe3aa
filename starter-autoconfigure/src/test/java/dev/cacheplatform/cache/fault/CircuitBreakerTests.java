package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.cache.Cache;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker with default settings (50 % of the last 20 calls, judged from 10; open for 5 s; 200 ms is
 * slow) on a fake clock: it opens, stops calling the backend, half-opens and closes by itself.
 */
class CircuitBreakerTests {

	private static final Duration WAIT = CacheFaultSettings.defaults().waitInOpenState();

	private final FakeTicker ticker = new FakeTicker();

	private final CacheFaultCounters counters = new CacheFaultCounters();

	private final CacheFaultPolicy policy = new CacheFaultPolicy("test-cache", "Breaker test backend",
			CacheFaultSettings.defaults(), this.counters, this.ticker);

	private final SwitchableCache delegate = new SwitchableCache("users");

	private final FaultTolerantCache cache = new FaultTolerantCache(this.delegate, this.policy);

	@Test
	void opensAfterMinimumNumberOfFailedCallsThenStopsCallingTheBackend() {
		this.delegate.failing(new DataAccessResourceFailureException("Unable to connect to Redis"));
		for (int i = 0; i < 9; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		this.cache.get("k");
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
		assertThat(this.delegate.calls()).isEqualTo(10);

		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			assertThat(this.cache.get("k")).isNull();
			assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v" + loads.get());
			this.cache.put("k", "v");
			this.cache.evict("k");
		}
		assertThat(loads).hasValue(100);
		assertThat(this.delegate.calls()).isEqualTo(10);
		assertThat(this.counters.count(Kind.SHORT_CIRCUITED, "users")).isEqualTo(400);
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isEqualTo(10);
	}

	@Test
	void halfOpensAfterTheWaitAndClosesWhenTheBackendWorksAgain() {
		open();
		this.delegate.healthy();
		this.ticker.advance(WAIT);
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.delegate.calls()).isEqualTo(10);

		this.ticker.advance(Duration.ofMillis(1));
		for (int i = 0; i < CacheFaultSettings.HALF_OPEN_CALLS; i++) {
			assertThat(this.policy.state()).isNotEqualTo(State.CLOSED);
			this.cache.put("k" + i, "v" + i);
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		assertThat(this.delegate.calls()).isEqualTo(10 + CacheFaultSettings.HALF_OPEN_CALLS);
		assertThat(this.cache.get("k0")).extracting(Cache.ValueWrapper::get).isEqualTo("v0");
		assertThat(this.cache.get("k", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.cache.get("k", () -> "again")).isEqualTo("loaded");
	}

	@Test
	void opensAgainWhenTheTrialCallsFail() {
		open();
		this.ticker.advance(WAIT.plusMillis(1));
		for (int i = 0; i < CacheFaultSettings.HALF_OPEN_CALLS; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
		this.cache.get("k");
		assertThat(this.delegate.calls()).isEqualTo(10 + CacheFaultSettings.HALF_OPEN_CALLS);
	}

	@Test
	void trialCallsThatEndInNoCacheFaultDoNotLeaveTheBreakerHalfOpenForever() {
		open();
		this.ticker.advance(WAIT.plusMillis(1));
		this.delegate.failingWrites(FaultTolerantCacheTests.notStorable(Thread.class));
		for (int i = 0; i < CacheFaultSettings.HALF_OPEN_CALLS; i++) {
			this.cache.put("k", new Object());
		}
		this.delegate.healthy();
		for (int i = 0; i < CacheFaultSettings.HALF_OPEN_CALLS; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		assertThat(this.counters.count(Kind.NOT_STORABLE, "users")).isEqualTo(CacheFaultSettings.HALF_OPEN_CALLS);
	}

	@ParameterizedTest(name = "{0} ms per call -> {1}")
	@CsvSource({ "150, CLOSED", "200, CLOSED", "201, OPEN", "2000, OPEN" })
	void slowCallsOpenTheBreakerToo(long millis, State expected) {
		this.delegate.slow(this.ticker, Duration.ofMillis(millis));
		this.cache.put("k", "v");
		int hits = 0;
		for (int i = 0; i < 19; i++) {
			if ("v".equals(this.cache.get("k", String.class))) {
				hits++;
			}
		}
		assertThat(this.policy.state()).isEqualTo(expected);
		// Open: the put and nine gets were judged (all slow), the other ten gets were short-circuited misses.
		boolean open = expected == State.OPEN;
		assertThat(hits).isEqualTo(open ? 9 : 19);
		assertThat(this.delegate.calls()).isEqualTo(open ? 10 : 20);
		assertThat(this.counters.count(Kind.GET_FAILED)).isZero();
	}

	@Test
	void aSlowMethodIsNotASlowCache() {
		for (int i = 0; i < 50; i++) {
			int n = i;
			assertThat(this.cache.get("k" + i, () -> {
				this.ticker.advance(Duration.ofSeconds(1));
				return n;
			})).isEqualTo(n);
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void shortCircuitedCallsNeverReachTheBackend() {
		open();
		for (int i = 0; i < 100_000; i++) {
			this.cache.get("k");
		}
		assertThat(this.delegate.calls()).isEqualTo(10);
		assertThat(this.counters.count(Kind.SHORT_CIRCUITED, "users")).isEqualTo(100_000);
	}

	private void open() {
		this.delegate.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 10; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
	}

	@Test
	void lastFaultIsTheLatestBackendFailureWithItsPasswordMaskedAndNotABadEntry() {
		assertThat(this.policy.lastFault()).isNull();
		this.policy.badEntry("users", new dev.cacheplatform.codec.ValueUnreadableException(
				dev.cacheplatform.codec.UnreadableReason.NOT_AN_ENTRY, "not an entry", null));
		assertThat(this.policy.lastFault()).as("the backend answered: not a breaker fault").isNull();

		this.delegate.failing(new DataAccessResourceFailureException(
				"Unable to connect to redis://app:S3cret-pw@cache.internal:6379", new IllegalStateException("refused")));
		this.ticker.advance(Duration.ofSeconds(3));
		this.cache.put("k", "v");
		CacheFaultPolicy.LastFault last = this.policy.lastFault();
		assertThat(last).isNotNull();
		assertThat(last.kind()).isEqualTo("put_failed");
		assertThat(last.cacheName()).isEqualTo("users");
		assertThat(last.message()).doesNotContain("S3cret-pw")
			.contains("redis://app:****@cache.internal:6379")
			.contains("caused by IllegalStateException: refused");

		this.ticker.advance(Duration.ofSeconds(2));
		this.cache.get("k");
		assertThat(this.policy.lastFault().kind()).isEqualTo("get_failed");
		assertThat(this.policy.lastFault().time()).as("on the breaker's clock")
			.isEqualTo(last.time().plus(Duration.ofSeconds(2)));
	}

}

package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.cache.CacheFaultCounters;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The action a backend runs before the breaker's trial calls (the Redis driver drops a connection still
 * backing off): once per half-open period, before the first trial call reaches the backend, never while
 * the breaker is closed or open.
 */
class BeforeProbeTests {

	private static final Duration WAIT = CacheFaultSettings.defaults().waitInOpenState();

	private final FakeTicker ticker = new FakeTicker();

	private final CacheFaultPolicy policy = new CacheFaultPolicy("test-cache", "Probe test backend",
			CacheFaultSettings.defaults(), new CacheFaultCounters(), this.ticker);

	private final SwitchableCache delegate = new SwitchableCache("users");

	private final FaultTolerantCache cache = new FaultTolerantCache(this.delegate, this.policy);

	private final AtomicInteger probes = new AtomicInteger();

	private int callsAtProbe = -1;

	BeforeProbeTests() {
		this.policy.beforeProbe(() -> {
			this.probes.incrementAndGet();
			this.callsAtProbe = this.delegate.calls();
		});
	}

	@Test
	void runsOncePerHalfOpenPeriodBeforeTheFirstTrialCall() {
		this.cache.get("k");
		open();
		this.cache.get("k");
		assertThat(this.probes).hasValue(0);

		int callsWhileClosed = this.delegate.calls();
		this.ticker.advance(WAIT.plusMillis(1));
		this.cache.get("k");
		assertThat(this.probes).hasValue(1);
		assertThat(this.callsAtProbe).isEqualTo(callsWhileClosed);
		assertThat(this.delegate.calls()).isEqualTo(callsWhileClosed + 1);
		for (int i = 1; i < CacheFaultSettings.HALF_OPEN_CALLS; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
		assertThat(this.probes).hasValue(1);

		this.delegate.healthy();
		this.ticker.advance(WAIT.plusMillis(1));
		for (int i = 0; i < CacheFaultSettings.HALF_OPEN_CALLS + 10; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
		assertThat(this.probes).hasValue(2);
	}

	@Test
	void aFailingActionIsLeftToTheTrialCall() {
		this.policy.beforeProbe(() -> {
			throw new IllegalStateException("cannot reset");
		});
		open();
		this.delegate.healthy();
		this.ticker.advance(WAIT.plusMillis(1));
		this.cache.put("k", "v");
		assertThat(this.cache.get("k")).isNotNull();
	}

	private void open() {
		this.delegate.failing(new DataAccessResourceFailureException("Unable to connect to Redis"));
		for (int i = 0; i < 10; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
	}

}

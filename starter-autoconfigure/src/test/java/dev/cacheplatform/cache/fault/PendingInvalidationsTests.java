package dev.cacheplatform.cache.fault;

import java.time.Duration;

import dev.cacheplatform.cache.CacheFaultCounters;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An eviction or clear that cannot reach the backend (it fails, or the breaker is open) is not lost:
 * it is sent before anything else once the backend answers, so no entry evicted during an outage is
 * read again afterwards.
 */
class PendingInvalidationsTests {

	private static final Duration WAIT = CacheFaultSettings.defaults().waitInOpenState();

	private final FakeTicker ticker = new FakeTicker();

	private final CacheFaultPolicy policy = new CacheFaultPolicy("test-cache", "Pending test backend",
			CacheFaultSettings.defaults(), new CacheFaultCounters(), this.ticker);

	private final SwitchableCache users = new SwitchableCache("users");

	private final SwitchableCache orders = new SwitchableCache("orders");

	private final FaultTolerantCache usersCache = new FaultTolerantCache(this.users, this.policy);

	private final FaultTolerantCache ordersCache = new FaultTolerantCache(this.orders, this.policy);

	@Test
	void evictionWhileTheBreakerIsOpenTakesEffectBeforeTheFirstReadAfterRecovery() {
		this.usersCache.put("alice", "v1");
		open();
		this.usersCache.evict("alice");
		assertThat(this.users.contains("alice")).isTrue();

		recover();
		assertThat(this.usersCache.get("alice")).isNull();
		assertThat(this.users.contains("alice")).isFalse();
	}

	@Test
	void evictionThatFailedIsSentAgainOnTheNextCall() {
		this.usersCache.put("alice", "v1");
		this.users.failing(new RuntimeException("connection reset"));
		this.usersCache.evictIfPresent("alice");
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);

		this.users.healthy();
		assertThat(this.usersCache.get("alice")).isNull();
		assertThat(this.users.contains("alice")).isFalse();
	}

	@Test
	void clearDuringAnOutageIsReplayedForThatCacheOnly() {
		this.usersCache.put("alice", "v1");
		this.ordersCache.put("o-1", "order");
		open();
		this.usersCache.clear();

		recover();
		// The first call after recovery, on any cache of the backend, sends the pending clear
		assertThat(this.ordersCache.get("o-1")).extracting(Cache.ValueWrapper::get).isEqualTo("order");
		assertThat(this.users.contains("alice")).isFalse();
	}

	@Test
	void replayThatFailsKeepsTheWorkAndAnswersAMiss() {
		this.usersCache.put("alice", "v1");
		open();
		this.usersCache.evict("alice");
		this.ticker.advance(WAIT.plusMillis(1));

		// Half-open trial: the backend is still down, so the replay fails and the read is a miss
		assertThat(this.usersCache.get("alice")).isNull();
		assertThat(this.policy.pending().pendingKeys()).isEqualTo(1);

		recover();
		assertThat(this.usersCache.get("alice")).isNull();
		assertThat(this.users.contains("alice")).isFalse();
		assertThat(this.policy.pending().isEmpty()).isTrue();
	}

	@Test
	void tooManyPendingEvictionsCollapseIntoAClearOfThatCache() {
		PendingInvalidations pending = new PendingInvalidations(3);
		SwitchableCache cache = new SwitchableCache("products");
		for (int i = 0; i < 5; i++) {
			cache.put("p" + i, "v");
			pending.evict(cache, "p" + i);
		}
		assertThat(pending.pendingKeys()).isZero();
		assertThat(pending.pendingClears()).isEqualTo(1);

		cache.put("added later", "v");
		pending.replay();
		assertThat(cache.contains("added later")).isFalse();
		assertThat(pending.isEmpty()).isTrue();
	}

	@Test
	void nothingPendingMeansNoExtraBackendCalls() {
		this.usersCache.put("alice", "v1");
		int before = this.users.calls();
		for (int i = 0; i < 10; i++) {
			this.usersCache.get("alice");
		}
		assertThat(this.users.calls()).isEqualTo(before + 10);
	}

	private void open() {
		this.users.failing(new RuntimeException("connection refused"));
		this.orders.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 10; i++) {
			this.usersCache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
	}

	private void recover() {
		this.users.healthy();
		this.orders.healthy();
		this.ticker.advance(WAIT.plusMillis(1));
	}

}

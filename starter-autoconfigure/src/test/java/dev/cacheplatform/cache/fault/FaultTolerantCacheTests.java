package dev.cacheplatform.cache.fault;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.codec.ValueNotStorableException;
import dev.cacheplatform.codec.ValueUnreadableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each operation under each kind of backend failure: it does not throw, answers as a miss or a skipped
 * write, and counts the right kind. The user's own loader failure is not a cache fault.
 */
class FaultTolerantCacheTests {

	private final CacheFaultCounters counters = new CacheFaultCounters();

	private final CacheFaultPolicy policy = new CacheFaultPolicy("test-cache", "Operations test backend",
			CacheFaultSettings.defaults(), this.counters, new FakeTicker());

	private final SwitchableCache delegate = new SwitchableCache("users");

	private final FaultTolerantCache cache = new FaultTolerantCache(this.delegate, this.policy);

	record Operation(Kind kind, Function<Cache, @Nullable Object> call, @Nullable Object resultOnFault) {
	}

	static Stream<Arguments> operationsUnderFailures() {
		List<Named<Operation>> operations = List.of(
				Named.of("get", new Operation(Kind.GET_FAILED, (cache) -> cache.get("k"), null)),
				Named.of("get(key, type)", new Operation(Kind.GET_FAILED, (cache) -> cache.get("k", String.class), null)),
				Named.of("put", new Operation(Kind.PUT_FAILED, (cache) -> {
					cache.put("k", "v");
					return null;
				}, null)),
				Named.of("putIfAbsent", new Operation(Kind.PUT_FAILED, (cache) -> cache.putIfAbsent("k", "v"), null)),
				Named.of("evict", new Operation(Kind.EVICT_FAILED, (cache) -> {
					cache.evict("k");
					return null;
				}, null)),
				Named.of("evictIfPresent", new Operation(Kind.EVICT_FAILED, (cache) -> cache.evictIfPresent("k"), false)),
				Named.of("clear", new Operation(Kind.CLEAR_FAILED, (cache) -> {
					cache.clear();
					return null;
				}, null)),
				Named.of("invalidate", new Operation(Kind.CLEAR_FAILED, Cache::invalidate, false)));
		List<Named<RuntimeException>> failures = List.of(
				Named.of("connection refused", new RuntimeException("connection refused")),
				Named.of("Redis connection failure", new DataAccessResourceFailureException("Unable to connect to Redis",
						new ConnectException("Connection refused: localhost/127.0.0.1:6379"))),
				Named.of("command timeout", new QueryTimeoutException("Redis command timed out")));
		return operations.stream().flatMap((operation) -> failures.stream().map((failure) -> Arguments.of(operation, failure)));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("operationsUnderFailures")
	void backendFailureIsCountedAndNeverThrown(Operation operation, RuntimeException failure) {
		this.delegate.failing(failure);
		assertThat(operation.call().apply(this.cache)).isEqualTo(operation.resultOnFault());
		assertThat(this.delegate.calls()).isOne();
		for (Kind kind : Kind.values()) {
			assertThat(this.counters.count(kind, "users")).as(kind.name()).isEqualTo((kind == operation.kind()) ? 1 : 0);
		}
		assertThat(this.policy.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void healthyBackendIsUsedAsIs() {
		this.cache.put("k", "v");
		assertThat(this.cache.get("k")).extracting(Cache.ValueWrapper::get).isEqualTo("v");
		assertThat(this.cache.get("k", String.class)).isEqualTo("v");
		assertThat(this.cache.putIfAbsent("k", "other")).extracting(Cache.ValueWrapper::get).isEqualTo("v");
		assertThat(this.cache.get("k", () -> "loaded")).isEqualTo("v");
		assertThat(this.cache.evictIfPresent("k")).isTrue();
		assertThat(this.cache.get("k")).isNull();
		this.cache.put("k", null);
		assertThat(this.cache.get("k")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
		assertThat(this.cache.invalidate()).isTrue();
		assertThat(this.cache.getName()).isEqualTo("users");
		assertThat(this.cache.getNativeCache()).isSameAs(this.delegate.getNativeCache());
		assertThat(this.cache.getTargetCache()).isSameAs(this.delegate);
		for (Kind kind : Kind.values()) {
			assertThat(this.counters.count(kind)).as(kind.name()).isZero();
		}
	}

	@Test
	void loaderRunsOnceAndItsValueIsStoredWhenHealthy() {
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
	}

	@Test
	void failedLookupRunsTheLoaderOnceAndStoresNothing() {
		this.delegate.failing(new RuntimeException("connection refused"));
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isOne();
		assertThat(this.delegate.healthy().contains("k")).isFalse();
	}

	@Test
	void failedWriteAfterLoadingReturnsTheLoadedValueWithoutLoadingAgain() {
		this.delegate.failingWrites(new QueryTimeoutException("Redis command timed out"));
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(this.counters.count(Kind.PUT_FAILED, "users")).isOne();
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isZero();
	}

	@Test
	void driverReportingLoadedValueNotStoredGetsTheValueBackAndAPutFailure() {
		this.delegate.loadedNotStored(new RuntimeException("connection reset"));
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(this.counters.count(Kind.PUT_FAILED, "users")).isOne();
	}

	@Test
	void unstorableLoadedValueIsReturnedAndCountedAsNotStorable() {
		this.delegate.loadedNotStored(notStorable(Thread.class));
		assertThat(this.cache.get("k", () -> "v")).isEqualTo("v");
		assertThat(this.counters.count(Kind.NOT_STORABLE, "users")).isOne();
		assertThat(this.counters.count(Kind.PUT_FAILED, "users")).isZero();
	}

	static Stream<Named<Exception>> userFailures() {
		return Stream.of(Named.of("unchecked", new IllegalStateException("order service down")),
				Named.of("checked", new IOException("file missing")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userFailures")
	void loaderFailurePropagatesUnchangedAndIsNoCacheFault(Exception userFailure) {
		for (int i = 0; i < 50; i++) {
			ValueRetrievalException thrown = catchThrowableOfType(ValueRetrievalException.class,
					() -> this.cache.get("k", new NamedLoader(userFailure)));
			assertThat(thrown).hasCause(userFailure).hasMessageContaining("using 'the order loader'");
			assertThat(thrown.getStackTrace()[0].getClassName()).isEqualTo(SwitchableCache.class.getName());
		}
		assertThat(this.delegate.calls()).isEqualTo(50);
		for (Kind kind : Kind.values()) {
			assertThat(this.counters.count(kind)).as(kind.name()).isZero();
		}
		assertThat(this.policy.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userFailures")
	void loaderFailureWhileTheBackendFailsIsStillTheUsersValueRetrievalException(Exception userFailure) {
		this.delegate.failing(new RuntimeException("connection refused"));
		assertThat(catchThrowableOfType(ValueRetrievalException.class,
				() -> this.cache.get("k", new NamedLoader(userFailure))))
			.hasCause(userFailure);
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isOne();
	}

	@Test
	void unreadableValueIsAMissCountedAsUnreadableAndNeverOpensTheBreaker() {
		this.delegate.failing(new ValueUnreadableException("truncated envelope", new IOException("EOF")));
		for (int i = 0; i < 100; i++) {
			assertThat(this.cache.get("k")).isNull();
		}
		assertThat(this.counters.count(Kind.UNREADABLE, "users")).isEqualTo(100);
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isZero();
		assertThat(this.policy.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void valueOfAnotherTypeThanAskedForIsADeletedMissNeverJudgedByTheBreaker() {
		this.delegate.put("k", 42);
		for (int i = 0; i < 20; i++) {
			assertThat(this.cache.get("k", String.class)).isNull();
			this.delegate.put("k", 42);
		}
		assertThat(this.cache.get("k", Integer.class)).isEqualTo(42);
		assertThat(this.counters.count(UnreadableReason.WRONG_TYPE, "users")).isEqualTo(20);
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isZero();
		assertThat(this.policy.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		this.cache.get("k", String.class);
		assertThat(this.delegate.get("k")).isNull();
	}

	static ValueNotStorableException notStorable(Class<?> type) {
		return new ValueNotStorableException(type, type.getSimpleName() + " is not in the allow-list",
				new IllegalArgumentException("refused"));
	}

	/** A loader with a recognisable toString, to see that the decorator's wrapper stays invisible. */
	record NamedLoader(Exception failure) implements java.util.concurrent.Callable<String> {

		@Override
		public String call() throws Exception {
			throw this.failure;
		}

		@Override
		public String toString() {
			return "the order loader";
		}

	}

}

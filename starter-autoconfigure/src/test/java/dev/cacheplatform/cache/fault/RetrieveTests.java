package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cache.concurrent.ConcurrentMapCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The CompletableFuture-based methods: a backend failure, at once or in the future, is a miss (or the
 * loader's value); the loader's own failure is passed on unchanged.
 */
class RetrieveTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final FakeTicker ticker = new FakeTicker();

	private final CacheFaultCounters counters = new CacheFaultCounters();

	private final CacheFaultPolicy policy = new CacheFaultPolicy("test-cache", "Retrieve test backend",
			CacheFaultSettings.defaults(), this.counters, this.ticker);

	private final SwitchableCache delegate = new SwitchableCache("users");

	private final FaultTolerantCache cache = new FaultTolerantCache(this.delegate, this.policy);

	private final AtomicInteger loads = new AtomicInteger();

	private final Supplier<CompletableFuture<String>> loader = () -> CompletableFuture
		.completedFuture("v" + this.loads.incrementAndGet());

	@Test
	void healthyRetrieveIsTheDelegates() {
		assertThat(this.cache.retrieve("k")).isNull();
		assertThat(this.cache.retrieve("k", this.loader)).succeedsWithin(TIMEOUT).isEqualTo("v1");
		assertThat(this.cache.retrieve("k")).succeedsWithin(TIMEOUT).isEqualTo("v1");
		assertThat(this.cache.retrieve("k", this.loader)).succeedsWithin(TIMEOUT).isEqualTo("v1");
		assertThat(this.loads).hasValue(1);
		for (Kind kind : Kind.values()) {
			assertThat(this.counters.count(kind)).as(kind.name()).isZero();
		}
	}

	static Stream<Named<Consumer<SwitchableCache>>> lookupFailures() {
		return Stream.of(Named.of("future fails", (cache) -> cache.failing(new RuntimeException("connection refused"))),
				Named.of("throws at once",
						(cache) -> cache.failing(new RuntimeException("connection refused")).retrieveThrows()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lookupFailures")
	void failedRetrieveIsAMiss(Consumer<SwitchableCache> failure) {
		failure.accept(this.delegate);
		CompletableFuture<?> result = this.cache.retrieve("k");
		if (result != null) {
			assertThat(result).succeedsWithin(TIMEOUT).isNull();
		}
		assertThat(this.counters.count(Kind.GET_FAILED, "users")).isOne();
	}

	static Stream<Arguments> loaderFailures() {
		return Stream.of(
				Arguments.of(Named.of("lookup future fails",
						(Consumer<SwitchableCache>) (cache) -> cache.failing(new RuntimeException("connection refused"))),
						Kind.GET_FAILED),
				Arguments.of(Named.of("lookup throws at once",
						(Consumer<SwitchableCache>) (cache) -> cache.failing(new RuntimeException("connection refused"))
							.retrieveThrows()),
						Kind.GET_FAILED),
				Arguments.of(Named.of("write after loading fails",
						(Consumer<SwitchableCache>) (cache) -> cache.failingWrites(new RuntimeException("connection reset"))),
						Kind.PUT_FAILED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("loaderFailures")
	void failedRetrieveWithLoaderGivesTheLoadersValueLoadingOnce(Consumer<SwitchableCache> failure, Kind kind) {
		failure.accept(this.delegate);
		assertThat(this.cache.retrieve("k", this.loader)).succeedsWithin(TIMEOUT).isEqualTo("v1");
		assertThat(this.loads).hasValue(1);
		assertThat(this.counters.count(kind, "users")).isOne();
		assertThat(this.delegate.healthy().contains("k")).isFalse();
	}

	@Test
	void loadersFailurePassesThroughUnchangedAndIsNoCacheFault() {
		IllegalStateException userFailure = new IllegalStateException("order service down");
		for (int i = 0; i < 50; i++) {
			CompletableFuture<String> result = this.cache.retrieve("k", () -> CompletableFuture.failedFuture(userFailure));
			assertThat(catchThrowableOfType(CompletionException.class, result::join)).hasCause(userFailure);
		}
		for (Kind kind : Kind.values()) {
			assertThat(this.counters.count(kind)).as(kind.name()).isZero();
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void openBreakerAnswersWithoutTheBackend() {
		this.delegate.failing(new RuntimeException("connection refused"));
		for (int i = 0; i < 10; i++) {
			this.cache.get("k");
		}
		assertThat(this.policy.state()).isEqualTo(State.OPEN);
		assertThat(this.cache.retrieve("k")).isNull();
		assertThat(this.cache.retrieve("k", this.loader)).succeedsWithin(TIMEOUT).isEqualTo("v1");
		assertThat(this.delegate.calls()).isEqualTo(10);
		assertThat(this.counters.count(Kind.SHORT_CIRCUITED, "users")).isEqualTo(2);
	}

	@Test
	void aSlowAsyncMethodIsNotASlowCache() {
		for (int i = 0; i < 50; i++) {
			CompletableFuture<String> loading = new CompletableFuture<>();
			CompletableFuture<String> result = this.cache.retrieve("k" + i, () -> loading);
			this.ticker.advance(Duration.ofSeconds(1));
			loading.complete("v");
			assertThat(result).succeedsWithin(TIMEOUT).isEqualTo("v");
		}
		assertThat(this.policy.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void delegateWithoutAsyncSupportFailsAsItWouldUndecorated() {
		FaultTolerantCache noAsync = new FaultTolerantCache(new SyncOnlyCache(), this.policy);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> noAsync.retrieve("k"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> noAsync.retrieve("k", this.loader));
		assertThat(this.counters.count(Kind.GET_FAILED)).isZero();
	}

	@Test
	void worksWithSpringsOwnAsyncCache() {
		FaultTolerantCache concurrent = new FaultTolerantCache(new ConcurrentMapCache("users", false), this.policy);
		assertThat(concurrent.retrieve("k")).isNull();
		assertThat(concurrent.retrieve("k", this.loader)).succeedsWithin(TIMEOUT).isEqualTo("v1");
		@Nullable CompletableFuture<?> hit = concurrent.retrieve("k");
		assertThat(hit).isNotNull();
		assertThat(hit).succeedsWithin(TIMEOUT).isEqualTo("v1");
		IllegalStateException userFailure = new IllegalStateException("order service down");
		CompletableFuture<String> failed = concurrent.retrieve("other", () -> CompletableFuture.failedFuture(userFailure));
		assertThat(catchThrowableOfType(CompletionException.class, failed::join)).hasRootCause(userFailure);
		assertThat(this.counters.count(Kind.GET_FAILED)).isZero();
	}

	/** A cache that, like Cache's defaults, does not support CompletableFuture-based retrieval. */
	static final class SyncOnlyCache extends ConcurrentMapCache {

		SyncOnlyCache() {
			super("users");
		}

		@Override
		public @Nullable CompletableFuture<?> retrieve(Object key) {
			throw new UnsupportedOperationException("no async retrieval");
		}

		@Override
		public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
			throw new UnsupportedOperationException("no async retrieval");
		}

	}

}

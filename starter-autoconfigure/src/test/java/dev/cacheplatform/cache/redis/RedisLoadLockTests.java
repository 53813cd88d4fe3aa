package dev.cacheplatform.cache.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisLoadLock} against a real redis-server: two locks on two connection factories stand for two
 * instances of an application. Waiting runs on fake time: a waiter's steps either advance a fake clock at
 * once, or park until they are woken, so no outcome depends on how fast the machine is.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisLoadLockTests {

	private static final Duration LEASE = Duration.ofSeconds(9);

	private static final Duration MAX_WAIT = Duration.ofSeconds(5);

	/** Never runs a renewal: the tests that are not about renewing must not depend on a timer. */
	private static final RedisLoadLock.Renewals NO_RENEWALS = (period, task) -> () -> {
	};

	private static RedisServer server;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final AtomicLong nanos = new AtomicLong();

	private final AtomicInteger loads = new AtomicInteger();

	private final AtomicInteger stores = new AtomicInteger();

	@BeforeAll
	static void startServer() {
		server = RedisServer.builder().start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void closeFactories() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void thirtyTwoCallersOnTwoInstancesRunTheLoaderOnceAndAllGetItsValue() throws Exception {
		String key = "products::32";
		LettuceConnectionFactory factoryA = connectionFactory(server);
		LettuceConnectionFactory factoryB = connectionFactory(server);
		ParkingSleeper sleeper = new ParkingSleeper();
		RedisLoadLock instanceA = lock(factoryA, sleeper);
		RedisLoadLock instanceB = lock(factoryB, sleeper);
		CountDownLatch gate = new CountDownLatch(1);
		Callable<String> loader = () -> {
			this.loads.incrementAndGet();
			assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
			return "value-32";
		};
		server.resetStats();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				boolean onA = i % 2 == 0;
				RedisLoadLock instance = onA ? instanceA : instanceB;
				LettuceConnectionFactory factory = onA ? factoryA : factoryB;
				Consumer<String> store = (value) -> {
					storeValue(factory, key, value);
					// stands in for the near cache, which hears of the key on every instance
					instanceA.wake(bytes(key));
					instanceB.wake(bytes(key));
				};
				results.add(pool.submit(() -> {
					start.await();
					return instance.load(bytes(key), reader(factory, key), loader, store);
				}));
			}
			start.countDown();
			// Hold the loader until every caller, on both instances, has tried the lock and is waiting
			await().atMost(Duration.ofSeconds(30)).until(() -> sleeper.parked.get() == 31 || this.loads.get() > 1);
			assertThat(this.loads).as("loads once every caller has tried the lock").hasValue(1);
			assertThat(server.commandStats().get("set")).isEqualTo(32);
			gate.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("value-32");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.loads).hasValue(1);
		Map<String, Long> stats = server.commandStats();
		assertThat(stats.get("set")).as("32 SET NX and the owner's store").isEqualTo(33);
		assertThat(stats.get("get"))
			.as("the owner's re-check, one read per woken waiter, the release script's compare")
			.isEqualTo(33);
		assertThat(stats.get("del")).as("the release script's delete").isEqualTo(1);
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void waiterPicksUpTheValueAtItsNextStepWhenNothingWakesIt() throws Exception {
		String key = "products::landing";
		plantLock(key, "someone-else");
		try (RespClient client = server.client()) {
			SteppingSleeper sleeper = new SteppingSleeper((step) -> {
				if (step == 2) {
					client.set(key, "stored-elsewhere");
				}
			});
			LettuceConnectionFactory factory = connectionFactory(server);
			RedisLoadLock lock = lock(factory, sleeper);
			server.resetStats();
			assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("stored-elsewhere");
			assertThat(sleeper.steps).isEqualTo(2);
		}
		assertThat(this.loads).hasValue(0);
		Map<String, Long> stats = server.commandStats();
		assertThat(stats.get("set")).as("two SET NX and the other instance's store").isEqualTo(3);
		assertThat(stats.get("get")).as("a read after each step").isEqualTo(2);
	}

	@Test
	void deadOwnersLockHoldsAWaiterOnlyForTheMaximumWait() throws Exception {
		String key = "products::dead-owner";
		plantLock(key, "dead-owner");
		SteppingSleeper sleeper = new SteppingSleeper((step) -> {
		});
		LettuceConnectionFactory factory = connectionFactory(server);
		RedisLoadLock lock = lock(factory, sleeper);
		server.resetStats();
		assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("loaded-here");
		assertThat(this.loads).hasValue(1);
		assertThat(Duration.ofNanos(this.nanos.get())).isEqualTo(MAX_WAIT);
		// Steps of 10, 20, 40, 80 and 160 ms, then 250 ms up to 5 s: 24 steps
		assertThat(sleeper.steps).isEqualTo(24);
		Map<String, Long> stats = server.commandStats();
		assertThat(stats.get("set")).as("a SET NX before each step and after the last, then the store").isEqualTo(26);
		assertThat(stats.get("get")).as("a read after each step").isEqualTo(24);
		try (RespClient client = server.client()) {
			assertThat(client.get(key)).isEqualTo("loaded-here");
			assertThat(client.get(key + "~lock")).as("another's lock is never deleted").isEqualTo("dead-owner");
		}
	}

	@Test
	void ownerThatNeverReturnsBlocksTheOtherInstanceOnlyForTheMaximumWait() throws Exception {
		String key = "products::stuck-owner";
		LettuceConnectionFactory factoryA = connectionFactory(server);
		RedisLoadLock instanceA = lock(factoryA, new ParkingSleeper());
		LettuceConnectionFactory factoryB = connectionFactory(server);
		RedisLoadLock instanceB = lock(factoryB, new SteppingSleeper((step) -> {
		}));
		CountDownLatch ownerLoading = new CountDownLatch(1);
		CountDownLatch ownerMayReturn = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<String> owner = pool.submit(() -> instanceA.load(bytes(key), reader(factoryA, key), () -> {
				this.loads.incrementAndGet();
				ownerLoading.countDown();
				assertThat(ownerMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
				return "loaded-by-owner";
			}, (value) -> storeValue(factoryA, key, value)));
			assertThat(ownerLoading.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(load(instanceB, factoryB, key, "loaded-by-waiter")).isEqualTo("loaded-by-waiter");
			assertThat(this.loads).hasValue(2);
			assertThat(Duration.ofNanos(this.nanos.get())).isEqualTo(MAX_WAIT);
			ownerMayReturn.countDown();
			assertThat(owner.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-by-owner");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void lockThatDisappearsWithoutAValueIsTakenOverByAWaiter() throws Exception {
		String key = "products::taken-over";
		plantLock(key, "owner-whose-lease-ran-out");
		try (RespClient client = server.client()) {
			SteppingSleeper sleeper = new SteppingSleeper((step) -> {
				if (step == 3) {
					client.command("DEL", key + "~lock");
				}
			});
			LettuceConnectionFactory factory = connectionFactory(server);
			RedisLoadLock lock = lock(factory, sleeper);
			assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("loaded-here");
			assertThat(sleeper.steps).isEqualTo(3);
			assertThat(client.get(key)).isEqualTo("loaded-here");
		}
		assertThat(this.loads).hasValue(1);
		assertThat(Duration.ofNanos(this.nanos.get())).isLessThan(MAX_WAIT);
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void ownerReadsOnceMoreAfterTakingTheLockSoAValueJustStoredIsNotLoadedAgain() throws Exception {
		String key = "products::just-stored";
		try (RespClient client = server.client()) {
			client.set(key, "stored-just-before");
		}
		LettuceConnectionFactory factory = connectionFactory(server);
		RedisLoadLock lock = lock(factory, new ParkingSleeper());
		assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("stored-just-before");
		assertThat(this.loads).hasValue(0);
		assertThat(this.stores).hasValue(0);
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void loaderExceptionReachesItsCallerUnchangedAndReleasesTheLockForTheNextCaller() throws Exception {
		String key = "products::failing";
		LettuceConnectionFactory factory = connectionFactory(server);
		RedisLoadLock lock = lock(factory, new ParkingSleeper());
		IOException failure = new IOException("database unavailable");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> lock.load(bytes(key), reader(factory, key), () -> {
				this.loads.incrementAndGet();
				throw failure;
			}, (value) -> storeValue(factory, key, value)))
			.isSameAs(failure);
		assertThat(exists(key + "~lock")).isFalse();
		assertThat(load(lock, factory, key, "loaded-next")).isEqualTo("loaded-next");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void waiterOnAnotherInstanceLoadsAsSoonAsTheOwnersLoaderFails() throws Exception {
		String key = "products::owner-fails";
		LettuceConnectionFactory factoryA = connectionFactory(server);
		RedisLoadLock instanceA = lock(factoryA, new ParkingSleeper());
		CountDownLatch ownerLoading = new CountDownLatch(1);
		CountDownLatch waiterWaiting = new CountDownLatch(1);
		CountDownLatch ownerFailed = new CountDownLatch(1);
		LettuceConnectionFactory factoryB = connectionFactory(server);
		RedisLoadLock instanceB = lock(factoryB, new SteppingSleeper((step) -> {
			if (step == 1) {
				waiterWaiting.countDown();
				awaitLatch(ownerFailed);
			}
		}));
		IllegalStateException failure = new IllegalStateException("upstream said no");
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<String> owner = pool.submit(() -> instanceA.load(bytes(key), reader(factoryA, key), () -> {
				this.loads.incrementAndGet();
				ownerLoading.countDown();
				awaitLatch(waiterWaiting);
				throw failure;
			}, (value) -> storeValue(factoryA, key, value)));
			assertThat(ownerLoading.await(30, TimeUnit.SECONDS)).isTrue();
			Future<String> waiter = pool.submit(() -> load(instanceB, factoryB, key, "loaded-by-waiter"));
			assertThat(owner).failsWithin(Duration.ofSeconds(30)).withThrowableThat().havingCause().isSameAs(failure);
			ownerFailed.countDown();
			assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-by-waiter");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.loads).hasValue(2);
		assertThat(Duration.ofNanos(this.nanos.get())).isLessThan(MAX_WAIT);
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void slowOwnerRenewsItsLeaseEveryThirdAndNeverAnotherOwnersLock() throws Exception {
		String key = "products::slow";
		String lockKey = key + "~lock";
		LettuceConnectionFactory factory = connectionFactory(server);
		ManualRenewals renewals = new ManualRenewals();
		RedisLoadLock lock = new RedisLoadLock(factory, LEASE, MAX_WAIT, this.nanos::get, new ParkingSleeper(),
				renewals);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch mayReturn = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try (RespClient client = server.client()) {
			Future<String> owner = pool.submit(() -> lock.load(bytes(key), reader(factory, key), () -> {
				loading.countDown();
				awaitLatch(mayReturn);
				return "slow-value";
			}, (value) -> storeValue(factory, key, value)));
			assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(renewals.period).isEqualTo(Duration.ofSeconds(3));
			client.command("PEXPIRE", lockKey, "1000");
			renewals.task.run();
			assertThat(client.pttl(lockKey)).isGreaterThan(LEASE.toMillis() - 1000);
			// the lease ran out after all and another caller took the lock: it is theirs now
			client.command("SET", lockKey, "next-owner", "PX", "1000");
			renewals.task.run();
			assertThat(client.pttl(lockKey)).isLessThanOrEqualTo(1000);
			mayReturn.countDown();
			assertThat(owner.get(30, TimeUnit.SECONDS)).isEqualTo("slow-value");
			assertThat(renewals.stopped).isTrue();
			assertThat(client.get(lockKey)).as("the release leaves another's lock alone").isEqualTo("next-owner");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void redisDownMeansEachCallerLoadsByItself(CapturedOutput output) throws Exception {
		try (RedisServer stopped = RedisServer.builder().start()) {
			LettuceConnectionFactory factory = connectionFactory(stopped);
			RedisLoadLock lock = lock(factory, new ParkingSleeper());
			stopped.kill();
			for (int i = 0; i < 3; i++) {
				assertThat(load(lock, factory, "products::down", "loaded-here")).isEqualTo("loaded-here");
			}
		}
		assertThat(this.loads).hasValue(3);
		assertThat(this.stores).as("nothing is stored while the lock cannot be reached").hasValue(0);
		assertThat(output).containsOnlyOnce("Redis load lock failed taking the lock");
	}

	@Test
	void redisDyingWhileACallerWaitsMeansItLoadsByItself() throws Exception {
		try (RedisServer dying = RedisServer.builder().start()) {
			String key = "products::dying";
			try (RespClient client = dying.client()) {
				client.command("SET", key + "~lock", "owner", "PX", "60000");
			}
			SteppingSleeper sleeper = new SteppingSleeper((step) -> dying.kill());
			LettuceConnectionFactory factory = connectionFactory(dying);
			RedisLoadLock lock = lock(factory, sleeper);
			assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("loaded-here");
			assertThat(sleeper.steps).isEqualTo(1);
		}
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void onAClusterTheLockAndTheValueMayLiveOnDifferentNodes() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3)) {
			String key = IntStream.range(0, 100)
				.mapToObj((id) -> "products::" + id)
				.filter((candidate) -> cluster.nodeFor(candidate).port() != cluster.nodeFor(candidate + "~lock").port())
				.findFirst()
				.orElseThrow();
			LettuceConnectionFactory factory = connectionFactory(
					new RedisClusterConfiguration(List.of(cluster.seeds().split(","))));
			RedisLoadLock lock = lock(factory, new ParkingSleeper());
			assertThat(load(lock, factory, key, "loaded-here")).isEqualTo("loaded-here");
			try (RespClient valueNode = cluster.nodeFor(key).client();
					RespClient lockNode = cluster.nodeFor(key + "~lock").client()) {
				assertThat(valueNode.get(key)).isEqualTo("loaded-here");
				assertThat(lockNode.command("EXISTS", key + "~lock")).isEqualTo(0L);
			}
		}
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void onSystemTimeAWaiterIsWokenByTheOwnerOfItsOwnInstance() throws Exception {
		String key = "products::system-time";
		LettuceConnectionFactory factory = connectionFactory(server);
		CountDownLatch ownerLoading = new CountDownLatch(1);
		CountDownLatch ownerMayReturn = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		// a wait far beyond the test's duration: the waiter can only end by reading the owner's value
		try (RedisLoadLock lock = new RedisLoadLock(factory, LEASE, Duration.ofMinutes(10))) {
			Future<String> owner = pool.submit(() -> lock.load(bytes(key), reader(factory, key), () -> {
				this.loads.incrementAndGet();
				ownerLoading.countDown();
				awaitLatch(ownerMayReturn);
				return "loaded-by-owner";
			}, (value) -> storeValue(factory, key, value)));
			assertThat(ownerLoading.await(30, TimeUnit.SECONDS)).isTrue();
			server.resetStats();
			CompletableFuture<String> waiter = CompletableFuture
				.supplyAsync(() -> uncheckedLoad(lock, factory, key, "loaded-by-waiter"));
			await().atMost(Duration.ofSeconds(30)).until(() -> server.commandStats().getOrDefault("set", 0L) > 0);
			ownerMayReturn.countDown();
			assertThat(owner.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-by-owner");
			assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-by-owner");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.loads).hasValue(1);
		assertThat(exists(key + "~lock")).isFalse();
	}

	@Test
	void leaseAndWaitOutsideTheirRangeAreRejectedNamingTheSetting() {
		LettuceConnectionFactory factory = connectionFactory(server);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new RedisLoadLock(factory, Duration.ZERO, MAX_WAIT))
			.withMessage("cache-platform.cache.load-lock.lease must be at least 3ms, such as 10s, but was PT0S");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new RedisLoadLock(factory, LEASE, Duration.ofSeconds(-1)))
			.withMessage("cache-platform.cache.load-lock.max-wait must be 0 or positive, such as 5s, but was PT-1S");
	}

	@Test
	void loadLockSettingsDefaultToATenSecondLeaseAndAFiveSecondWaitAndRejectABadLeaseByName() {
		CachePlatformCacheProperties.LoadLock defaults = bind(Map.of()).getLoadLock();
		assertThat(defaults.getLease()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.getMaxWait()).isEqualTo(Duration.ofSeconds(5));
		assertThat(bind(Map.of("cache-platform.cache.load-lock.max-wait", "0")).getLoadLock().getMaxWait())
			.isZero();
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cache-platform.cache.load-lock.lease", "1ms")))
			.satisfies((ex) -> assertThat(ex.getProperty().getName()).hasToString("cache-platform.cache.load-lock.lease"))
			.havingRootCause()
			.withMessageContaining("at least 3ms");
	}

	private static CachePlatformCacheProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("cache-platform.cache", CachePlatformCacheProperties.class);
	}

	@Test
	void lockKeyIsTheValueKeyWithTheSuffix() {
		assertThat(new String(RedisLoadLock.lockKey(bytes("shop:acme:products::42")), StandardCharsets.UTF_8))
			.isEqualTo("shop:acme:products::42~lock");
	}

	private String load(RedisLoadLock lock, LettuceConnectionFactory factory, String key, String loaded)
			throws Exception {
		return lock.load(bytes(key), reader(factory, key), () -> {
			this.loads.incrementAndGet();
			return loaded;
		}, (value) -> storeValue(factory, key, value));
	}

	private String uncheckedLoad(RedisLoadLock lock, LettuceConnectionFactory factory, String key, String loaded) {
		try {
			return load(lock, factory, key, loaded);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private RedisLoadLock lock(LettuceConnectionFactory factory, RedisLoadLock.Sleeper sleeper) {
		return new RedisLoadLock(factory, LEASE, MAX_WAIT, this.nanos::get, sleeper, NO_RENEWALS);
	}

	private static Supplier<@Nullable String> reader(LettuceConnectionFactory factory, String key) {
		return () -> {
			try (RedisConnection connection = factory.getConnection()) {
				byte[] value = connection.stringCommands().get(bytes(key));
				return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
			}
		};
	}

	private void storeValue(LettuceConnectionFactory factory, String key, String value) {
		this.stores.incrementAndGet();
		try (RedisConnection connection = factory.getConnection()) {
			connection.stringCommands().set(bytes(key), bytes(value));
		}
	}

	private static void plantLock(String key, String token) {
		try (RespClient client = server.client()) {
			client.command("SET", key + "~lock", token, "PX", "60000");
		}
	}

	private static boolean exists(String key) {
		try (RespClient client = server.client()) {
			return (Long) client.command("EXISTS", key) == 1L;
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private LettuceConnectionFactory connectionFactory(RedisServer redis) {
		return connectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
	}

	/**
	 * A factory that rejects commands while disconnected, as in production, with timeouts long enough for a
	 * busy build machine: a timeout here would turn a test of waiting into a test of a fault.
	 */
	private LettuceConnectionFactory connectionFactory(RedisConfiguration configuration) {
		Duration timeout = Duration.ofSeconds(5);
		ClientOptions options = ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.clientOptions(options)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
	}

	/** Parks a waiter until it is woken, without touching the clock: waiters never give up. */
	static final class ParkingSleeper implements RedisLoadLock.Sleeper {

		final AtomicInteger parked = new AtomicInteger();

		@Override
		public void sleep(Duration duration, CompletableFuture<Void> wake) throws InterruptedException {
			this.parked.incrementAndGet();
			try {
				wake.get(30, TimeUnit.SECONDS);
			}
			catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
				throw new AssertionError("a waiting caller was never woken", ex);
			}
		}

	}

	/** Ends each step at once, advancing the fake clock by it, then runs the test's action for the step. */
	final class SteppingSleeper implements RedisLoadLock.Sleeper {

		private final IntConsumer onStep;

		volatile int steps;

		SteppingSleeper(IntConsumer onStep) {
			this.onStep = onStep;
		}

		@Override
		public void sleep(Duration duration, CompletableFuture<Void> wake) {
			RedisLoadLockTests.this.nanos.addAndGet(duration.toNanos());
			this.onStep.accept(++this.steps);
		}

	}

	/** Holds the renewal task so the test runs it. */
	static final class ManualRenewals implements RedisLoadLock.Renewals {

		volatile @Nullable Duration period;

		volatile Runnable task = () -> {
		};

		volatile boolean stopped;

		@Override
		public Runnable every(Duration period, Runnable task) {
			this.period = period;
			this.task = task;
			return () -> this.stopped = true;
		}

	}

}

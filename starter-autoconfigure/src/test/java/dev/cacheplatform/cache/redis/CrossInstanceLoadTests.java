package dev.cacheplatform.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Cacheable(sync = true)} loads a missing key once across instances: two application contexts (two
 * instances) on one real Redis, 32 concurrent calls, one load; and an instance whose load never finishes
 * (a dead owner) holds the others only for the bounded wait.
 */
class CrossInstanceLoadTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@AutoClose
	private final RedisServer server = RedisServer.builder().start();

	private final ExecutorService callers = Executors.newFixedThreadPool(32);

	/** The loader's runs, across both instances. */
	private final AtomicInteger loads = new AtomicInteger();

	private final CountDownLatch releaseLoader = new CountDownLatch(1);

	private ApplicationContextRunner runner(String driver) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
					CachePlatformAutoConfiguration.class))
			.withBean(ReportService.class, () -> new ReportService(this.loads, this.releaseLoader))
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", this.server.url(), "CACHE_DRIVER",
					driver, "REDIS_COMMAND_TIMEOUT", "5s"))
			.withPropertyValues("cache-platform.cache.load-lock.max-wait=20s");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "redis", "tiered" })
	void thirtyTwoCallsOnTwoInstancesLoadOnce(String driver) throws Exception {
		this.runner(driver).run((a) -> this.runner(driver).run((b) -> {
			this.server.resetStats();
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				ReportService service = ((i % 2 == 0) ? a : b).getBean(ReportService.class);
				answers.add(this.callers.submit(() -> service.report(7)));
			}
			// Both instances have asked for the lock (one SET NX each: calls within an instance share a load)
			await(() -> this.server.commandStats().getOrDefault("set", 0L) >= 2);
			this.releaseLoader.countDown();
			for (Future<String> answer : answers) {
				assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("report-7");
			}
			assertThat(this.loads).as("loader runs across both instances").hasValue(1);
		}));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "redis" })
	void anInstanceWhoseLoadNeverEndsHoldsTheOthersOnlyForTheBoundedWait(String driver) throws Exception {
		this.runner(driver).run((a) -> this.runner(driver)
			.withPropertyValues("cache-platform.cache.load-lock.max-wait=300ms")
			.run((b) -> {
				Future<String> stuck = this.callers.submit(() -> a.getBean(ReportService.class).report(9));
				await(() -> this.loads.get() == 1); // a holds the lock and is loading, and never finishes
				List<Future<String>> answers = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					ReportService service = b.getBean(ReportService.class);
					answers.add(this.callers.submit(() -> service.reportWithoutWaiting(9)));
				}
				for (Future<String> answer : answers) {
					assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("report-9");
				}
				assertThat(this.loads).as("a's stuck load, then b's own, once for b's eight calls").hasValue(2);
				this.releaseLoader.countDown();
				assertThat(stuck.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("report-9");
			}));
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	/** A slow report: its first load waits for the test's signal. */
	static class ReportService {

		private final AtomicInteger loads;

		private final CountDownLatch release;

		ReportService(AtomicInteger loads, CountDownLatch release) {
			this.loads = loads;
			this.release = release;
		}

		@Cacheable(cacheNames = "reports", sync = true)
		public String report(int id) throws InterruptedException {
			this.loads.incrementAndGet();
			this.release.await();
			return "report-" + id;
		}

		/** The same cache and key; its loader returns at once (the instance whose owner is stuck elsewhere). */
		@Cacheable(cacheNames = "reports", sync = true)
		public String reportWithoutWaiting(int id) {
			this.loads.incrementAndGet();
			return "report-" + id;
		}

	}

}

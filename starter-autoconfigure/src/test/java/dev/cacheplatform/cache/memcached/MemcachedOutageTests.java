package dev.cacheplatform.cache.memcached;

import java.time.Duration;
import java.util.function.Consumer;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.MemcachedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memcached killed, frozen (SIGSTOP) or absent while cached methods are called: every call answers with the
 * method's value within the command timeout, the breaker opens, and hits resume without a restart. With two
 * servers and one down, the keys of the other still hit.
 */
class MemcachedOutageTests {

	private static final int CALLS = 60;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withBean(CountingService.class)
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.breaker.wait-in-open-state=300ms",
				"cache-platform.memcached.command-timeout=200ms", "cache-platform.memcached.reconnect-interval=200ms");

	@Test
	void killedServerMeansCallsRunTheMethodAndHitsResumeAfterRestart() {
		try (MemcachedServer server = MemcachedServer.start()) {
			run(server.url(), (context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.product(1);
				server.kill();
				for (int i = 0; i < CALLS; i++) {
					assertThat(service.product(1).name()).isEqualTo("product-1");
				}
				assertThat(service.productLoads()).hasValue(1 + CALLS);
				CacheFaultCounters counters = context.getBean(CacheFaultCounters.class);
				assertThat(counters.count(CacheFaultCounters.Kind.GET_FAILED)).isPositive();
				assertThat(counters.count(CacheFaultCounters.Kind.SHORT_CIRCUITED)).isPositive();
				assertThat(context.getBean(CacheFaultPolicy.class).state()).isEqualTo(CircuitBreaker.State.OPEN);
				server.restart();
				awaitHitsResume(service);
			});
		}
	}

	@Test
	void frozenServerMeansCallsRunTheMethodWithinTheCommandTimeoutAndHitsResumeAfterThaw() {
		try (MemcachedServer server = MemcachedServer.start()) {
			run(server.url(), (context) -> {
				CountingService service = context.getBean(CountingService.class);
				service.product(2);
				server.pause();
				try {
					for (int i = 0; i < 30; i++) {
						assertThat(service.product(2).name()).isEqualTo("product-2");
					}
					assertThat(service.productLoads()).hasValue(31);
					CacheFaultCounters counters = context.getBean(CacheFaultCounters.class);
					assertThat(counters.count(CacheFaultCounters.Kind.GET_FAILED)).isPositive();
					assertThat(counters.count(CacheFaultCounters.Kind.SHORT_CIRCUITED)).isPositive();
					assertThat(context.getBean(CacheFaultPolicy.class).state()).isEqualTo(CircuitBreaker.State.OPEN);
				}
				finally {
					server.resume();
				}
				awaitHitsResume(service);
			});
		}
	}

	@Test
	void applicationStartsWhileMemcachedIsDownAndCachesOnceItIsUp() {
		try (MemcachedServer server = MemcachedServer.start()) {
			server.kill();
			run(server.url(), (context) -> {
				CountingService service = context.getBean(CountingService.class);
				assertThat(service.product(3).name()).isEqualTo("product-3");
				server.restart();
				awaitHitsResume(service);
			});
		}
	}

	@Test
	void withTwoServersAndOneDownTheOthersKeysStillHit() {
		try (MemcachedServer first = MemcachedServer.start(); MemcachedServer second = MemcachedServer.start()) {
			run("memcached://" + first.address() + "," + second.address(), (context) -> {
				// A cache whose generation counters live on the first server: losing the server that holds them
				// is losing the cache's entries (documented), which is not what this test is about
				CacheManager manager = context.getBean(CacheManager.class);
				String name = null;
				for (int i = 0; i < 40 && name == null; i++) {
					manager.getCache("c" + i).put("probe", "p");
					String candidate = "c" + i;
					if (first.dumpedKeys().containsAll(java.util.List.of("#gen*:" + candidate, "#gen:" + candidate))) {
						name = candidate;
					}
				}
				assertThat(name).as("a cache whose counters hash to the first server").isNotNull();
				Cache cache = manager.getCache(name);
				for (int i = 0; i < 40; i++) {
					cache.put("k" + i, "v" + i);
				}
				String entries = name + "#";
				long onFirst = first.dumpedKeys().stream().filter((key) -> key.startsWith(entries) && key.contains("::k")).count();
				long onSecond = second.dumpedKeys().stream().filter((key) -> key.startsWith(entries) && key.contains("::k")).count();
				assertThat(onFirst).as("consistent hashing spreads the keys").isPositive();
				assertThat(onSecond).isPositive();
				assertThat(onFirst + onSecond).isEqualTo(40);
				second.kill();
				int hits = 0;
				for (int i = 0; i < 40; i++) {
					Cache.ValueWrapper value = cache.get("k" + i);
					if (value != null) {
						assertThat(value.get()).isEqualTo("v" + i);
						hits++;
					}
				}
				assertThat(hits).isEqualTo(onFirst);
			});
		}
	}

	private void run(String url, Consumer<AssertableApplicationContext> scenario) {
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL", url))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				scenario.accept(context);
			});
	}

	/** Polls (bounded) until two calls in a row are answered from memcached. */
	private static void awaitHitsResume(CountingService service) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			service.product(99);
			int before = service.productLoads().get();
			service.product(99);
			if (service.productLoads().get() == before) {
				return;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("hits did not resume within 20 s");
	}

}

package dev.cacheplatform.metrics;

import java.nio.charset.StandardCharsets;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.metrics.CacheMetersTests.Catalog;
import dev.cacheplatform.testsupport.MemcachedServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache meters of the memcached driver against a real memcached: the metrics layer attaches as for the other
 * drivers (tagged {@code driver=memcached}, backend level {@code memcached}), the breaker {@code memcached-cache}
 * is published, and an unreadable entry is counted. A test of its own rather than a row of
 * {@code CacheMetersTests}, whose rows share Redis-specific checks (raw RESP writes, the Redis breaker).
 */
class MemcachedMetersTests {

	@Test
	void eachMeterMovesByWhatTheApplicationDid() {
		try (MemcachedServer server = MemcachedServer.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class,
						CachePlatformAutoConfiguration.class, CacheAutoConfiguration.class, MetricsAutoConfiguration.class,
						SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
						CacheMetricsAutoConfiguration.class, CachePlatformMetricsAutoConfiguration.class))
				.withBean(Catalog.class)
				.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached", "MEMCACHED_URL",
						server.url()))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					Catalog catalog = context.getBean(Catalog.class);
					catalog.product(1);
					catalog.product(1);
					catalog.product(1);
					assertThat(catalog.loads()).hasValue(1);
					assertThat(count(registry, "cache.gets", "cache", "products", "result", "miss")).isEqualTo(1);
					assertThat(count(registry, "cache.gets", "cache", "products", "result", "hit")).isEqualTo(2);
					assertThat(count(registry, "cache.puts", "cache", "products")).isEqualTo(1);
					assertThat(registry.get("cache.gets")
						.tags("cache", "products", "driver", "memcached", "result", "hit")
						.counter()).isNotNull();
					assertThat(count(registry, "cache.backend.latency", "cache", "products", "operation", "get", "level",
							"memcached")).isEqualTo(3);

					catalog.price(1);
					catalog.price(1);
					assertThat(count(registry, "cache.loads", "cache", "prices", "result", "success")).isEqualTo(1);

					catalog.evict(1);
					catalog.clear();
					assertThat(count(registry, "cache.removals", "cache", "products")).isEqualTo(1);
					assertThat(count(registry, "cache.clears", "cache", "products")).isEqualTo(1);
					assertThat(registry.find("cache.size").meters()).as("unknown for memcached").isEmpty();
					assertThat(registry.get("resilience4j.circuitbreaker.state")
						.tags("name", "memcached-cache", "state", "closed")
						.gauge()
						.value()).isEqualTo(1);

					catalog.product(2);
					String key = server.dumpedKeys().stream().filter((k) -> k.startsWith("products#") && k.endsWith("::2"))
						.findFirst().orElseThrow();
					server.set(key, "not an entry".getBytes(StandardCharsets.UTF_8), 0);
					assertThat(catalog.product(2)).isEqualTo("product 2");
					assertThat(count(registry, "cache.faults", "cache", "products", "kind", "unreadable")).isEqualTo(1);
				});
		}
	}

	private static double count(MeterRegistry registry, String name, String... tags) {
		double total = 0;
		for (Meter meter : registry.find(name).tags(tags).meters()) {
			if (meter instanceof io.micrometer.core.instrument.Counter counter) {
				total += counter.count();
			}
			else if (meter instanceof io.micrometer.core.instrument.FunctionCounter counter) {
				total += counter.count();
			}
			else if (meter instanceof Timer timer) {
				total += timer.count();
			}
			else if (meter instanceof Gauge gauge) {
				total += gauge.value();
			}
		}
		return total;
	}

}

package dev.cacheplatform.benchmarks;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A raw Caffeine cache (bounded to 10,000 entries, expiring an hour after write) and Cache Platform's
 * memory driver ({@code cache-platform.cache.driver=memory}, same bound and TTL), each holding
 * {@link Product#sample()} under {@code 42L}.
 */
@State(Scope.Benchmark)
public class MemoryFixture {

	com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine;

	ConfigurableApplicationContext context;

	Cache ourCache;

	@Setup(Level.Trial)
	public void start() {
		Product product = Product.sample();
		this.caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
		this.caffeine.put(Product.KEY, product);
		this.context = BenchmarkApplication.start(Map.of("cache-platform.cache.driver", "memory",
				"cache-platform.cache.ttl", "1h", "cache-platform.cache.max-capacity", "10000"));
		CacheManager cacheManager = this.context.getBean(CacheManager.class);
		if (!(cacheManager instanceof CachePlatformCacheManager)) {
			throw new IllegalStateException("Expected Cache Platform's CacheManager, got " + cacheManager.getClass());
		}
		this.ourCache = cacheManager.getCache("products");
		this.ourCache.put(Product.KEY, product);
		requireHits();
	}

	@TearDown(Level.Iteration)
	public void requireHits() {
		if (this.caffeine.getIfPresent(Product.KEY) == null || this.ourCache.get(Product.KEY) == null) {
			throw new IllegalStateException("An entry is gone: the benchmark would measure misses");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

}

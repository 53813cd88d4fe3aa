package dev.cacheplatform.benchmarks;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.testsupport.RedisServer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Raw Caffeine (bounded to 10,000 entries, an hour after write) against level one of Cache Platform's tiered
 * driver ({@code cache-platform.cache.driver=tiered} on a real redis-server from test-support, same bound,
 * TTL and local TTL an hour), each holding {@link Product#sample()} under {@code 42L}. Setup waits until
 * level one serves the entry, so every measured call is a level-one hit (checked after each iteration:
 * Redis must see no reads).
 */
@State(Scope.Benchmark)
public class TieredFixture {

	com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine;

	RedisServer server;

	ConfigurableApplicationContext context;

	Cache ourCache;

	@Setup(Level.Trial)
	public void start() {
		Product product = Product.sample();
		this.caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
		this.caffeine.put(Product.KEY, product);
		this.server = RedisServer.builder().start();
		this.context = BenchmarkApplication.start(Map.of("cache-platform.cache.driver", "tiered",
				"cache-platform.redis.url", this.server.url(), "cache-platform.cache.ttl", "1h",
				"cache-platform.cache.tiered.local-ttl", "1h", "cache-platform.cache.max-capacity", "10000"));
		CacheManager cacheManager = this.context.getBean(CacheManager.class);
		if (!(cacheManager instanceof CachePlatformCacheManager)) {
			throw new IllegalStateException("Expected Cache Platform's CacheManager, got " + cacheManager.getClass());
		}
		this.ourCache = cacheManager.getCache("products");
		this.ourCache.put(Product.KEY, product);
		NearCache near = this.context.getBean(NearCache.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (near.size() == 0 && System.nanoTime() < deadline) {
			this.ourCache.get(Product.KEY);
			Thread.onSpinWait();
		}
		if (near.size() == 0) {
			throw new IllegalStateException("Level one never held the entry: is Redis's change tracking on?");
		}
		this.server.resetStats();
	}

	@TearDown(Level.Iteration)
	public void requireLevelOneHits() {
		if (this.caffeine.getIfPresent(Product.KEY) == null || this.ourCache.get(Product.KEY) == null) {
			throw new IllegalStateException("An entry is gone: the benchmark would measure misses");
		}
		Long reads = this.server.commandStats().getOrDefault("getrange", 0L);
		if (reads > 0) {
			throw new IllegalStateException(reads + " reads reached Redis: the benchmark measured level-two hits");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

}

package dev.cacheplatform.cache.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.TtlPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryCacheProviderTests {

	private final AtomicLong nanos = new AtomicLong();

	private final CachePlatformCacheProperties properties = new CachePlatformCacheProperties();

	private MemoryCacheProvider provider;

	@AfterEach
	void close() {
		if (this.provider != null) {
			this.provider.destroy();
		}
	}

	@Test
	void capacityBoundHoldsAcrossAllCachesAndTenantsTogether() {
		this.properties.setMaxCapacity(100);
		MemoryCacheProvider provider = provider();
		for (int tenant = 0; tenant < 10; tenant++) {
			for (String cache : List.of("products", "users")) {
				Cache scoped = provider.getCache(new CacheScope(cache, "tenant" + tenant));
				for (int i = 0; i < 50; i++) {
					scoped.put(i, "v" + i);
				}
			}
		}
		assertThat(provider.estimatedSize()).isLessThanOrEqualTo(100);
	}

	@Test
	void entriesExpireAfterTheirCachesTtlAndZeroMeansNever() {
		this.properties.setTtl(Duration.ofSeconds(300));
		CachePlatformCacheProperties.CacheSpec rates = new CachePlatformCacheProperties.CacheSpec();
		rates.setTtl(Duration.ofSeconds(10));
		this.properties.getCaches().put("rates", rates);
		CachePlatformCacheProperties.CacheSpec forever = new CachePlatformCacheProperties.CacheSpec();
		forever.setTtl(Duration.ZERO);
		this.properties.getCaches().put("forever", forever);
		MemoryCacheProvider provider = provider();
		Cache rateCache = provider.getCache(new CacheScope("rates", null));
		Cache defaultCache = provider.getCache(new CacheScope("products", null));
		Cache foreverCache = provider.getCache(new CacheScope("forever", null));
		rateCache.put("EUR", 1);
		defaultCache.put("p1", 1);
		foreverCache.put("k", 1);
		this.nanos.addAndGet(Duration.ofSeconds(11).toNanos());
		assertThat(rateCache.get("EUR")).isNull();
		assertThat(defaultCache.get("p1")).isNotNull();
		this.nanos.addAndGet(Duration.ofDays(3650).toNanos());
		assertThat(defaultCache.get("p1")).isNull();
		assertThat(foreverCache.get("k")).isNotNull();
	}

	@Test
	void tenantsGetSeparateEntriesAndClearingOneLeavesTheOther() {
		MemoryCacheProvider provider = provider();
		Cache acme = provider.getCache(new CacheScope("products", "acme"));
		Cache globex = provider.getCache(new CacheScope("products", "globex"));
		acme.put(42, "acme's");
		globex.put(42, "globex's");
		assertThat(acme.get(42).get()).isEqualTo("acme's");
		assertThat(globex.get(42).get()).isEqualTo("globex's");
		acme.clear();
		assertThat(acme.get(42)).isNull();
		assertThat(globex.get(42).get()).isEqualTo("globex's");
		provider.clearAllTenants("products");
		assertThat(globex.get(42)).isNull();
	}

	@Test
	void concurrentMissesLoadOnce() throws Exception {
		MemoryCacheProvider provider = provider();
		Cache cache = provider.getCache(new CacheScope("products", null));
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return cache.get("k", () -> {
						loads.incrementAndGet();
						Thread.sleep(50);
						return "loaded";
					});
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get()).isEqualTo("loaded");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void nullsAreNotStoredWhenTheCacheKeepsNone() {
		CachePlatformCacheProperties.CacheSpec spec = new CachePlatformCacheProperties.CacheSpec();
		spec.setCacheNullValues(false);
		this.properties.getCaches().put("users", spec);
		MemoryCacheProvider provider = provider();
		Cache users = provider.getCache(new CacheScope("users", null));
		Cache products = provider.getCache(new CacheScope("products", null));
		users.put("missing", null);
		products.put("missing", null);
		assertThat(users.get("missing")).isNull();
		assertThat(products.get("missing")).isNotNull();
		assertThat(products.get("missing").get()).isNull();
	}

	private MemoryCacheProvider provider() {
		this.provider = new MemoryCacheProvider(new TtlPolicy(this.properties), this.properties.getMaxCapacity(),
				Duration.ofSeconds(60), this.nanos::get);
		return this.provider;
	}

}

package dev.cacheplatform.cache.near;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.StoreKeys;
import dev.cacheplatform.cache.TtlPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Level one on its own, in front of a counting level two: what it serves, when it stops serving, and that a
 * change reported while a value was being read from level two keeps that value out. Time is a fake ticker.
 */
class NearCacheTests {

	private final AtomicLong nanos = new AtomicLong();

	private final Ticker ticker = this.nanos::get;

	private final CachePlatformCacheProperties properties = new CachePlatformCacheProperties();

	private final NearCache near;

	private final CountingCache levelTwo = new CountingCache("products");

	private final StoreKeys keys = (scope, key) -> ("app:" + scope.qualifiedName() + "::" + key)
		.getBytes(StandardCharsets.UTF_8);

	private final Cache cache;

	NearCacheTests() {
		this.properties.getCaches().put("products", new CachePlatformCacheProperties.CacheSpec());
		this.properties.getCaches().get("products").setTtl(Duration.ofSeconds(10));
		this.near = new NearCache(100, Duration.ofSeconds(60), new TtlPolicy(this.properties), this.ticker);
		this.cache = new NearCacheLayer(this.near, this.keys).wrap(new CacheScope("products", null), this.levelTwo);
		this.near.trackingActive(true);
	}

	@Test
	void secondReadIsServedWithoutLevelTwo() {
		this.levelTwo.put(1, "one");
		assertThat(this.cache.get(1).get()).isEqualTo("one");
		assertThat(this.cache.get(1).get()).isEqualTo("one");
		assertThat(this.levelTwo.reads).hasValue(1);
	}

	@Test
	void reportedChangeDropsTheEntry() {
		this.levelTwo.put(1, "one");
		this.cache.get(1);
		this.levelTwo.put(1, "uno");
		this.near.invalidated(bytes("app:products::1"));
		assertThat(this.cache.get(1).get()).isEqualTo("uno");
		assertThat(this.levelTwo.reads).hasValue(2);
	}

	@Test
	void changeReportedWhileLevelTwoWasReadKeepsTheOldValueOut() {
		this.levelTwo.put(1, "one");
		// The report of a change arrives after level two answered with the old value, before it is kept
		this.levelTwo.onRead = () -> this.near.invalidated(bytes("app:products::1"));
		assertThat(this.cache.get(1).get()).isEqualTo("one");
		this.levelTwo.onRead = null;
		this.cache.get(1);
		assertThat(this.levelTwo.reads).as("the old value was not kept").hasValue(2);
	}

	@Test
	void withoutReportsNothingIsServedOrKept() {
		this.levelTwo.put(1, "one");
		this.cache.get(1);
		this.near.trackingActive(false);
		assertThat(this.near.size()).isZero();
		this.cache.get(1);
		this.cache.get(1);
		assertThat(this.levelTwo.reads).hasValue(3);
		this.near.trackingActive(true);
		this.cache.get(1);
		this.cache.get(1);
		assertThat(this.levelTwo.reads).hasValue(4);
	}

	@Test
	void serverFlushDropsEverything() {
		this.levelTwo.put(1, "one");
		this.levelTwo.put(2, "two");
		this.cache.get(1);
		this.cache.get(2);
		this.near.invalidatedAll();
		assertThat(this.near.size()).isZero();
	}

	@Test
	void entryLivesNoLongerThanItsCachesTtl() {
		this.levelTwo.put(1, "one");
		this.cache.get(1);
		this.nanos.addAndGet(Duration.ofSeconds(9).toNanos());
		this.cache.get(1);
		assertThat(this.levelTwo.reads).hasValue(1);
		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		this.cache.get(1);
		assertThat(this.levelTwo.reads).as("expired after the cache's 10 s, not the local 60 s").hasValue(2);
	}

	@Test
	void writesEvictionsAndClearsDropTheLocalEntry() {
		this.levelTwo.put(1, "one");
		this.cache.get(1);
		this.cache.put(1, "uno");
		assertThat(this.cache.get(1).get()).isEqualTo("uno");
		this.cache.evict(1);
		assertThat(this.cache.get(1)).isNull();
		this.cache.put(1, "eins");
		this.cache.get(1);
		this.cache.clear();
		assertThat(this.cache.get(1)).isNull();
		assertThat(this.near.size()).isZero();
	}

	@Test
	void aRefillStillHearsOfChangesWhenTheRemovalNoticeOfItsPredecessorComesLate() {
		// Caffeine tells of a removal after it happened: on a busy server a request can refill the key in between
		List<Runnable> notices = new ArrayList<>();
		NearCache delayed = delayedNotices(notices);
		Cache twoLevels = new NearCacheLayer(delayed, this.keys).wrap(new CacheScope("products", null), this.levelTwo);
		this.levelTwo.put(1, "one");
		twoLevels.get(1);
		this.levelTwo.put(1, "two");
		delayed.invalidated(bytes("app:products::1"));
		assertThat(twoLevels.get(1).get()).isEqualTo("two");
		notices.forEach(Runnable::run);
		this.levelTwo.put(1, "three");
		delayed.invalidated(bytes("app:products::1"));
		assertThat(twoLevels.get(1).get()).as("the refilled entry heard of the change").isEqualTo("three");
	}

	@Test
	void aRefillOverAnExpiredEntryStillHearsOfChanges() {
		// the expired entry is replaced by the refill before any clean-up ran, and its notice comes after
		List<Runnable> notices = new ArrayList<>();
		NearCache delayed = delayedNotices(notices);
		Cache twoLevels = new NearCacheLayer(delayed, this.keys).wrap(new CacheScope("products", null), this.levelTwo);
		this.levelTwo.put(1, "one");
		twoLevels.get(1);
		this.nanos.addAndGet(Duration.ofSeconds(11).toNanos()); // past the cache's 10 s TTL
		this.levelTwo.put(1, "two");
		assertThat(twoLevels.get(1).get()).isEqualTo("two");
		notices.forEach(Runnable::run);
		this.levelTwo.put(1, "three");
		delayed.invalidated(bytes("app:products::1"));
		assertThat(twoLevels.get(1).get()).as("the refilled entry heard of the change").isEqualTo("three");
	}

	private NearCache delayedNotices(List<Runnable> notices) {
		NearCache delayed = new NearCache(100, Duration.ofSeconds(60), new TtlPolicy(this.properties), this.ticker,
				notices::add);
		delayed.trackingActive(true);
		return delayed;
	}

	@Test
	void theIndexOfReportedKeysShrinksWithTheStore() {
		for (int i = 0; i < 1000; i++) {
			this.levelTwo.put(i, "v" + i);
			this.cache.get(i);
		}
		assertThat(this.near.size()).isLessThanOrEqualTo(100);
		assertThat(this.near.indexedKeys()).isEqualTo(this.near.size());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Level two: a map that counts reads and can run something as a read answers. */
	static final class CountingCache extends ConcurrentMapCache {

		final AtomicInteger reads = new AtomicInteger();

		volatile @Nullable Runnable onRead;

		CountingCache(String name) {
			super(name, new ConcurrentHashMap<>(), true);
		}

		@Override
		protected @Nullable Object lookup(Object key) {
			this.reads.incrementAndGet();
			Object value = super.lookup(key);
			Runnable hook = this.onRead;
			if (hook != null) {
				hook.run();
			}
			return value;
		}

	}

}

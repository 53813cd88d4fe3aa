package dev.cacheplatform.cache.memory;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.ScopedCacheProvider;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.TtlPolicy;
import org.jspecify.annotations.Nullable;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The memory driver: a single bounded Caffeine store holds the entries of every cache and tenant, so
 * {@code max-capacity} bounds them all together and a thousand tenants do not multiply memory. Each entry
 * expires after its cache's TTL (with jitter); a TTL of zero never expires. Expired entries are swept
 * every {@code cleanup-interval}. Nothing is shared between application instances. An operator's clear,
 * look-up and size walk the store's keys (at most {@code max-capacity}); a key is matched by its text.
 */
public class MemoryCacheProvider implements ScopedCacheProvider, StoreMaintenance, DisposableBean {

	private final TtlPolicy ttlPolicy;

	private final Cache<MemoryKey, Object> store;

	private final ScheduledExecutorService cleaner;

	private final boolean expireAfterAccess;

	private final long maxCapacity;

	private volatile @Nullable Consumer<CacheScope> evictionListener;

	/**
	 * @param ttlPolicy TTL and null handling per cache
	 * @param maxCapacity the most entries held, across every cache and tenant
	 * @param cleanupInterval how often expired entries are swept
	 * @param ticker the time source (a fake one in tests)
	 */
	public MemoryCacheProvider(TtlPolicy ttlPolicy, long maxCapacity, Duration cleanupInterval, Ticker ticker) {
		this(ttlPolicy, maxCapacity, cleanupInterval, ticker, false);
	}

	/**
	 * @param ttlPolicy TTL and null handling per cache
	 * @param maxCapacity the most entries held, across every cache and tenant
	 * @param cleanupInterval how often expired entries are swept
	 * @param ticker the time source (a fake one in tests)
	 * @param expireAfterAccess whether each read restarts an entry's TTL (Caffeine's {@code expireAfterAccess},
	 * from {@code spring.cache.caffeine.spec})
	 */
	public MemoryCacheProvider(TtlPolicy ttlPolicy, long maxCapacity, Duration cleanupInterval, Ticker ticker,
			boolean expireAfterAccess) {
		this.ttlPolicy = ttlPolicy;
		this.expireAfterAccess = expireAfterAccess;
		this.maxCapacity = maxCapacity;
		this.store = Caffeine.newBuilder()
			.maximumSize(maxCapacity)
			.expireAfter(new PerCacheExpiry())
			.ticker(ticker)
			.evictionListener((MemoryKey key, Object value, RemovalCause cause) -> {
				Consumer<CacheScope> listener = this.evictionListener;
				if (key != null && listener != null && cause.wasEvicted()) {
					listener.accept(key.scope());
				}
			})
			.build();
		this.cleaner = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cache-platform-memory-cleanup");
			thread.setDaemon(true);
			return thread;
		});
		long interval = cleanupInterval.toMillis();
		this.cleaner.scheduleWithFixedDelay(this.store::cleanUp, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public org.springframework.cache.Cache getCache(CacheScope scope) {
		// A view of the shared store, cheap to build, so not kept: the pipeline keeps a bounded number of them
		return new MemoryCache(scope, this.store, this.ttlPolicy.cachesNullValues(scope.cacheName()));
	}

	@Override
	public void clearAllTenants(String cacheName) {
		this.store.asMap().keySet().removeIf((key) -> key.scope().cacheName().equals(cacheName));
	}

	@Override
	public long clear(CacheScope scope) {
		return removeAll(scope.isAllTenants() ? (key) -> key.scope().cacheName().equals(scope.cacheName())
				: (key) -> key.scope().equals(scope));
	}

	@Override
	public @Nullable StoredEntry inspect(CacheScope scope, String key) {
		for (var entry : this.store.asMap().entrySet()) {
			if (matches(entry.getKey(), scope, key)) {
				// a TTL of zero never expires (Caffeine holds it for Long.MAX_VALUE nanoseconds)
				Duration timeToLive = this.ttlPolicy.configuredTtl(scope.cacheName()).isZero() ? null
						: this.store.policy()
							.expireVariably()
							.flatMap((policy) -> policy.getExpiresAfter(entry.getKey()))
							.orElse(null);
				return new StoredEntry(scope.qualifiedName() + "::" + key, timeToLive, null,
						entry.getValue().getClass().getName());
			}
		}
		return null;
	}

	@Override
	public boolean evict(CacheScope scope, String key) {
		return removeAll((candidate) -> matches(candidate, scope, key)) > 0;
	}

	@Override
	public Long size(String cacheName) {
		this.store.cleanUp();
		return this.store.asMap().keySet().stream().filter((key) -> key.scope().cacheName().equals(cacheName)).count();
	}

	/** @return the Caffeine cache every entry lives in */
	@Override
	public Object nativeStore() {
		return this.store;
	}

	private long removeAll(Predicate<MemoryKey> which) {
		long removed = 0;
		for (MemoryKey key : this.store.asMap().keySet()) {
			if (which.test(key) && this.store.asMap().remove(key) != null) {
				removed++;
			}
		}
		return removed;
	}

	private static boolean matches(MemoryKey candidate, CacheScope scope, String key) {
		return candidate.scope().equals(scope) && String.valueOf(candidate.key()).equals(key);
	}

	/** @return the TTL and null handling per cache */
	public TtlPolicy ttlPolicy() {
		return this.ttlPolicy;
	}

	/** @return the most entries held, across every cache and tenant */
	public long maxCapacity() {
		return this.maxCapacity;
	}

	/**
	 * Sets what hears of each entry the store removed by itself (size bound or expiry), not of evictions and
	 * clears the application asked for.
	 * @param listener receives the scope of the entry
	 */
	public void onEviction(Consumer<CacheScope> listener) {
		this.evictionListener = listener;
	}

	/**
	 * Counts the entries of some scopes: a walk over the shared store, so for a gauge read at scrape intervals,
	 * not for a request path.
	 * @param scopes which cache names and tenants to count
	 * @return how many entries of those scopes are held
	 */
	public long size(Predicate<CacheScope> scopes) {
		return this.store.asMap().keySet().stream().filter((key) -> scopes.test(key.scope())).count();
	}

	/** @return how many entries the shared store holds right now (after pending maintenance) */
	public long estimatedSize() {
		this.store.cleanUp();
		return this.store.estimatedSize();
	}

	@Override
	public void destroy() {
		this.cleaner.shutdownNow();
	}

	/**
	 * Each entry lives for its cache's TTL from the moment it is written; reads do not extend it, unless
	 * the provider expires after access.
	 */
	private final class PerCacheExpiry implements Expiry<MemoryKey, Object> {

		@Override
		public long expireAfterCreate(MemoryKey key, Object value, long currentTime) {
			Duration ttl = MemoryCacheProvider.this.ttlPolicy.ttlForNewEntry(key.scope().cacheName());
			return ttl.isZero() ? Long.MAX_VALUE : ttl.toNanos();
		}

		@Override
		public long expireAfterUpdate(MemoryKey key, Object value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(MemoryKey key, Object value, long currentTime, long currentDuration) {
			return MemoryCacheProvider.this.expireAfterAccess ? expireAfterCreate(key, value, currentTime)
					: currentDuration;
		}

	}

}

package dev.cacheplatform.cache.near;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.TtlPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueWrapper;

/**
 * Level one of the tiered driver: one bounded Caffeine store for every cache and tenant of this instance
 * ({@code CACHE_MAX_CAPACITY}), each entry living at most {@code cache-platform.cache.tiered.local-ttl} and
 * at most its cache's TTL.
 * <p>
 * <b>Coherence.</b> Entries are dropped when the Redis server reports their key changed (any write, evict,
 * clear, expiry or eviction there, by any instance or tool: see {@link #invalidated}), and all of them when the
 * report stream is lost or the server flushes ({@link #invalidatedAll}). While no report stream is
 * established ({@link #trackingActive}), level one neither serves nor fills: calls go to Redis. A fill races
 * with reports: each fill notes the report count of its key's stripe before reading Redis and drops what it
 * stored if a report came in between, so a value read before a change never outlives the change's report.
 */
public final class NearCache implements InvalidationListener {

	private static final int STRIPES = 1024;

	private final Cache<NearKey, Entry> store;

	/**
	 * The level-one entry that holds each Redis key, for reports; bounded with the store. Values are the
	 * entries themselves, compared by identity: a removal notice for an entry that has since been replaced
	 * (Caffeine notifies after the removal, so a fill can land in between) must not unhook its successor,
	 * which would then never hear of a change again.
	 */
	private final ConcurrentMap<ByteBuffer, Entry> byStoreKey = new ConcurrentHashMap<>();

	private final AtomicLongArray reports = new AtomicLongArray(STRIPES);

	private final TtlPolicy ttlPolicy;

	private final long localTtlNanos;

	private volatile boolean tracking;

	private final LongAdder reportsReceived = new LongAdder();

	private final List<Consumer<byte[]>> keyListeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable Consumer<CacheScope> evictionListener;

	/**
	 * @param maxEntries the most entries held, across every cache and tenant
	 * @param localTtl the longest an entry lives here
	 * @param ttlPolicy each cache's TTL, which caps the local one
	 * @param ticker the time source (a fake one in tests)
	 */
	public NearCache(long maxEntries, Duration localTtl, TtlPolicy ttlPolicy, Ticker ticker) {
		this(maxEntries, localTtl, ttlPolicy, ticker, Runnable::run);
	}

	/**
	 * @param executor runs removal notices (tests delay them to replay the interleavings of a busy server)
	 */
	NearCache(long maxEntries, Duration localTtl, TtlPolicy ttlPolicy, Ticker ticker, Executor executor) {
		this.ttlPolicy = ttlPolicy;
		this.localTtlNanos = localTtl.toNanos();
		this.store = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(new LocalExpiry())
			.ticker(ticker)
			.executor(executor)
			.removalListener(this::removed)
			.build();
	}

	/** @return whether level one is in use: the server's change reports are being received */
	public boolean isTracking() {
		return this.tracking;
	}

	/**
	 * Reports whether the server's change reports are received. Level one serves and fills only while they
	 * are; when they stop, everything held is dropped, since changes may have been missed.
	 * @param tracking whether reports are received from now on
	 */
	@Override
	public void trackingActive(boolean tracking) {
		if (!tracking) {
			this.tracking = false;
			invalidatedAll();
		}
		else {
			this.tracking = true;
		}
	}

	/**
	 * The server reports a changed key: its entry, if held, is dropped.
	 * @param storeKey the key's bytes on the server
	 */
	@Override
	public void invalidated(byte[] storeKey) {
		this.reportsReceived.increment();
		for (Consumer<byte[]> listener : this.keyListeners) {
			listener.accept(storeKey);
		}
		ByteBuffer key = ByteBuffer.wrap(storeKey);
		this.reports.incrementAndGet(stripe(key));
		Entry held = this.byStoreKey.remove(key);
		if (held != null) {
			this.store.invalidate(held.key);
		}
	}

	/**
	 * Also tells someone else of every reported key change, e.g. the load lock, so callers waiting for another
	 * instance's load read the value as soon as it lands.
	 * @param listener gets each changed key's bytes
	 */
	public void whenKeyChanges(Consumer<byte[]> listener) {
		this.keyListeners.add(listener);
	}

	/** The server was flushed, or reports may have been missed: every entry is dropped. */
	@Override
	public void invalidatedAll() {
		for (int i = 0; i < STRIPES; i++) {
			this.reports.incrementAndGet(i);
		}
		this.store.invalidateAll();
	}

	/** @return how many key changes Redis has reported so far */
	public long reportsReceived() {
		return this.reportsReceived.sum();
	}

	/** @return how many entries are held (after pending maintenance) */
	public long size() {
		this.store.cleanUp();
		return this.store.estimatedSize();
	}

	/**
	 * @param cacheName a cache name
	 * @return how many entries of that cache (every tenant) are held; walks the held keys
	 */
	public long size(String cacheName) {
		this.store.cleanUp();
		return this.store.asMap().keySet().stream().filter((key) -> key.scope().cacheName().equals(cacheName)).count();
	}

	/** @return how many Redis keys are indexed for reports (at most one per entry held) */
	long indexedKeys() {
		this.store.cleanUp();
		return this.byStoreKey.size();
	}

	ValueWrapper get(NearKey key) {
		Entry entry = this.store.getIfPresent(key);
		return (entry != null) ? entry.value : null;
	}

	/** @return the report count of a key's stripe, to be given back to {@link #fill} */
	long stamp(ByteBuffer storeKey) {
		return this.reports.get(stripe(storeKey));
	}

	/**
	 * Keeps a value read from Redis, unless a report for its stripe came in since {@code stamp} was taken
	 * (the value may predate that change) or reports are not received.
	 */
	void fill(NearKey key, ByteBuffer storeKey, ValueWrapper value, long stamp) {
		if (!this.tracking) {
			return;
		}
		Entry entry = new Entry(key, value, storeKey);
		this.byStoreKey.put(storeKey, entry);
		this.store.put(key, entry);
		if (this.reports.get(stripe(storeKey)) != stamp || !this.tracking) {
			this.store.asMap().remove(key, entry);
		}
	}

	void evict(NearKey key) {
		this.store.invalidate(key);
	}

	void evictAll(Predicate<NearKey> which) {
		this.store.asMap().keySet().removeIf(which);
	}

	private void removed(NearKey key, Entry entry, RemovalCause cause) {
		if (key != null && entry != null && cause != RemovalCause.REPLACED) {
			this.byStoreKey.remove(entry.storeKey, entry);
		}
		Consumer<CacheScope> listener = this.evictionListener;
		if (key != null && listener != null && cause.wasEvicted()) {
			listener.accept(key.scope());
		}
	}

	/**
	 * Sets what hears of each entry level one removed by itself (size bound or local TTL), not of drops on
	 * reports, evictions or clears (metrics).
	 * @param listener receives the scope of the entry
	 */
	public void onEviction(Consumer<CacheScope> listener) {
		this.evictionListener = listener;
	}

	/**
	 * Counts the entries of some scopes: a walk over level one, for a gauge read at scrape intervals.
	 * @param scopes which cache names and tenants to count
	 * @return how many entries of those scopes are held
	 */
	public long size(Predicate<CacheScope> scopes) {
		return this.store.asMap().keySet().stream().filter((key) -> scopes.test(key.scope())).count();
	}

	private static int stripe(ByteBuffer storeKey) {
		int hash = storeKey.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/** A held value, its key here and the Redis key it came from; equal only to itself. */
	private static final class Entry {

		private final NearKey key;

		private final ValueWrapper value;

		private final ByteBuffer storeKey;

		Entry(NearKey key, ValueWrapper value, ByteBuffer storeKey) {
			this.key = key;
			this.value = value;
			this.storeKey = storeKey;
		}

	}

	/** Each entry lives the local TTL, or its cache's TTL if that is shorter; reads do not extend it. */
	private final class LocalExpiry implements Expiry<NearKey, Entry> {

		@Override
		public long expireAfterCreate(NearKey key, Entry entry, long currentTime) {
			Duration cacheTtl = NearCache.this.ttlPolicy.ttlForNewEntry(key.scope().cacheName());
			long local = NearCache.this.localTtlNanos;
			return cacheTtl.isZero() ? local : Math.min(local, cacheTtl.toNanos());
		}

		@Override
		public long expireAfterUpdate(NearKey key, Entry entry, long currentTime, long currentDuration) {
			return expireAfterCreate(key, entry, currentTime);
		}

		@Override
		public long expireAfterRead(NearKey key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}

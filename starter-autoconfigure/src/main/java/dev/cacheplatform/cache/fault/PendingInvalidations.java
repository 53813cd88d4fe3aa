package dev.cacheplatform.cache.fault;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.cache.Cache;

/**
 * Evictions and clears that could not reach the backend (it failed, or its breaker was open), kept so
 * they take effect as soon as it answers again, before anything is read from it. Without this, an entry
 * evicted while Redis was unreachable would be served again after recovery, stale, until its TTL.
 * <p>
 * Bounded: when more than {@code maxKeys} keys are pending in all, the cache with the most pending keys
 * is cleared as a whole instead (always correct, only costlier). Replay sends what the driver's evict
 * and clear send (UNLINK; SCAN + UNLINK), nothing else.
 * <p>
 * Thread safe. The hot path reads one volatile field when nothing is pending.
 */
final class PendingInvalidations {

	private final int maxKeys;

	/** Per driver cache (identity: each tenant's cache is its own instance): its pending work. */
	private final Map<Cache, Pending> pending = new IdentityHashMap<>();

	private int keyCount;

	private volatile boolean empty = true;

	/**
	 * @param maxKeys the most keys kept before a cache's pending evictions collapse into a clear
	 */
	PendingInvalidations(int maxKeys) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
		}
		this.maxKeys = maxKeys;
	}

	/** @return whether nothing waits to be replayed (one volatile read) */
	boolean isEmpty() {
		return this.empty;
	}

	/**
	 * Remembers an eviction that did not reach the backend.
	 * @param cache the driver cache
	 * @param key the key
	 */
	synchronized void evict(Cache cache, Object key) {
		Pending work = this.pending.computeIfAbsent(cache, (c) -> new Pending());
		if (!work.clear && work.keys.add(key)) {
			this.keyCount++;
			if (this.keyCount > this.maxKeys) {
				collapseLargest();
			}
		}
		this.empty = false;
	}

	/**
	 * Remembers a clear that did not reach the backend; it supersedes the cache's pending evictions.
	 * @param cache the driver cache
	 */
	synchronized void clear(Cache cache) {
		this.pending.computeIfAbsent(cache, (c) -> new Pending());
		collapse(cache);
		this.empty = false;
	}

	/** @return how many keys wait for eviction */
	synchronized int pendingKeys() {
		return this.keyCount;
	}

	/** @return how many caches wait for a clear */
	synchronized int pendingClears() {
		return (int) this.pending.values().stream().filter((work) -> work.clear).count();
	}

	/**
	 * Sends every pending eviction and clear to the backend, in the order they were recorded per cache.
	 * Stops at the first failure and keeps what is left (the failed item included) for the next replay.
	 * Callers are serialised, so a reader never overtakes a replay in progress.
	 * @throws RuntimeException what the backend threw
	 */
	synchronized void replay() {
		List<Cache> caches = new ArrayList<>(this.pending.keySet());
		for (Cache cache : caches) {
			Pending work = this.pending.get(cache);
			if (work.clear) {
				cache.clear();
			}
			else {
				for (var iterator = work.keys.iterator(); iterator.hasNext();) {
					cache.evict(iterator.next());
					iterator.remove();
					this.keyCount--;
				}
			}
			this.pending.remove(cache);
		}
		this.empty = this.pending.isEmpty();
	}

	private void collapseLargest() {
		Cache largest = null;
		int most = -1;
		for (Map.Entry<Cache, Pending> entry : this.pending.entrySet()) {
			if (entry.getValue().keys.size() > most) {
				most = entry.getValue().keys.size();
				largest = entry.getKey();
			}
		}
		if (largest != null) {
			collapse(largest);
		}
	}

	private void collapse(Cache cache) {
		Pending work = this.pending.get(cache);
		this.keyCount -= work.keys.size();
		work.keys.clear();
		work.clear = true;
	}

	private static final class Pending {

		private final Set<Object> keys = new LinkedHashSet<>();

		private boolean clear;

	}

}

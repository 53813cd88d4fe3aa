package dev.cacheplatform.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what went wrong in the caches, per kind and per cache name, so tests (and the metrics binder)
 * can read exact numbers. Every driver and decorator reports here; nothing here logs.
 */
public final class CacheFaultCounters {

	/**
	 * What went wrong.
	 */
	public enum Kind {

		/** A read failed (timeout, connection refused); the call ran the method instead. */
		GET_FAILED,

		/** A write failed; the value was returned but not stored. */
		PUT_FAILED,

		/** An eviction failed. */
		EVICT_FAILED,

		/** A clear failed. */
		CLEAR_FAILED,

		/** Stored bytes could not be read (corrupt, truncated, changed class, refused type); the entry was deleted. */
		UNREADABLE,

		/** A value no allowed codec can write; the method's value was returned uncached. */
		NOT_STORABLE,

		/** The circuit breaker was open, so the backend was not called at all. */
		SHORT_CIRCUITED

	}

	private final Map<Kind, LongAdder> totals = new EnumMap<>(Kind.class);

	private final Map<String, LongAdder> perCache = new ConcurrentHashMap<>();

	public CacheFaultCounters() {
		for (Kind kind : Kind.values()) {
			this.totals.put(kind, new LongAdder());
		}
	}

	/**
	 * Counts one occurrence.
	 * @param kind what went wrong
	 * @param cacheName the cache it happened in
	 */
	public void increment(Kind kind, String cacheName) {
		this.totals.get(kind).increment();
		this.perCache.computeIfAbsent(kind.name() + '\u0000' + cacheName, (key) -> new LongAdder()).increment();
	}

	/**
	 * @param kind what went wrong
	 * @return how often, over all caches
	 */
	public long count(Kind kind) {
		return this.totals.get(kind).sum();
	}

	/**
	 * @param kind what went wrong
	 * @param cacheName the cache
	 * @return how often, in that cache
	 */
	public long count(Kind kind, String cacheName) {
		LongAdder adder = this.perCache.get(kind.name() + '\u0000' + cacheName);
		return (adder != null) ? adder.sum() : 0;
	}

}

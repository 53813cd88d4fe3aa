package dev.cacheplatform.cache;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import dev.cacheplatform.codec.UnreadableReason;
import org.jspecify.annotations.Nullable;

/**
 * Counts what went wrong in the caches, per kind and per cache name, so tests can read exact numbers; a
 * listener ({@link #onFault}) turns each into a {@code cache.faults} meter. Unreadable entries are also counted
 * per {@link UnreadableReason} (garbage, truncated, refused type, too large, wrong type, ...). Every driver and
 * decorator reports here; nothing here logs.
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

		/**
		 * A stored entry could not be used (corrupt, truncated, changed class, refused type, too large, wrong
		 * type; see {@link UnreadableReason}); the call was a miss and the entry was deleted.
		 */
		UNREADABLE,

		/** A value no allowed codec can write; the method's value was returned uncached. */
		NOT_STORABLE,

		/** The circuit breaker was open, so the backend was not called at all. */
		SHORT_CIRCUITED

	}

	private final Map<Kind, LongAdder> totals = new EnumMap<>(Kind.class);

	private final Map<UnreadableReason, LongAdder> unreadableTotals = new EnumMap<>(UnreadableReason.class);

	private final Map<String, LongAdder> perCache = new ConcurrentHashMap<>();

	private volatile @Nullable BiConsumer<String, String> listener;

	public CacheFaultCounters() {
		for (Kind kind : Kind.values()) {
			this.totals.put(kind, new LongAdder());
		}
		for (UnreadableReason reason : UnreadableReason.values()) {
			this.unreadableTotals.put(reason, new LongAdder());
		}
	}

	/**
	 * Counts one unreadable entry: as {@link Kind#UNREADABLE} and as its reason.
	 * @param reason why the entry could not be used
	 * @param cacheName the cache it was met in
	 */
	public void unreadable(UnreadableReason reason, String cacheName) {
		add(Kind.UNREADABLE, cacheName);
		notify((reason == UnreadableReason.REFUSED_TYPE || reason == UnreadableReason.WRONG_TYPE) ? reason.name()
				: Kind.UNREADABLE.name(), cacheName);
		this.unreadableTotals.get(reason).increment();
		this.perCache.computeIfAbsent(reason.name() + '\u0001' + cacheName, (key) -> new LongAdder()).increment();
	}

	/**
	 * @param reason why entries could not be used
	 * @return how many, over all caches
	 */
	public long count(UnreadableReason reason) {
		return this.unreadableTotals.get(reason).sum();
	}

	/**
	 * @param reason why entries could not be used
	 * @param cacheName the cache
	 * @return how many, in that cache
	 */
	public long count(UnreadableReason reason, String cacheName) {
		LongAdder adder = this.perCache.get(reason.name() + '\u0001' + cacheName);
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Counts one occurrence.
	 * @param kind what went wrong
	 * @param cacheName the cache it happened in
	 */
	public void increment(Kind kind, String cacheName) {
		add(kind, cacheName);
		notify(kind.name(), cacheName);
	}

	/**
	 * Sets what hears of each fault as it is counted (metrics). An unreadable entry is reported once, as
	 * {@code refused_type} or {@code wrong_type} when that was the reason, else as {@code unreadable}.
	 * @param listener receives the kind (lower case, e.g. {@code get_failed}) and the cache name as counted
	 */
	public void onFault(BiConsumer<String, String> listener) {
		this.listener = listener;
	}

	private void notify(String kind, String cacheName) {
		BiConsumer<String, String> current = this.listener;
		if (current != null) {
			current.accept(kind.toLowerCase(Locale.ROOT), cacheName);
		}
	}

	private void add(Kind kind, String cacheName) {
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

	/**
	 * @param kind what went wrong
	 * @param cacheName the cache
	 * @return how often, in that cache for every tenant (faults are counted per {@code <tenant>:<cache>})
	 */
	public long countAcrossTenants(Kind kind, String cacheName) {
		String untenanted = kind.name() + '\u0000' + cacheName;
		long total = 0;
		for (Map.Entry<String, LongAdder> entry : this.perCache.entrySet()) {
			String key = entry.getKey();
			// "<KIND>\0<tenant>:<cache>": a tenant id holds no ':', so the cache name follows the first one
			int colon = key.indexOf(':');
			if (key.equals(untenanted) || (key.startsWith(kind.name() + '\u0000') && colon >= 0
					&& key.length() - colon - 1 == cacheName.length() && key.endsWith(cacheName))) {
				total += entry.getValue().sum();
			}
		}
		return total;
	}

}

package dev.cacheplatform.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.cacheplatform.actuate.CachePlatformEndpoint.CacheDescriptor;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.cache.near.NearCache;
import org.jspecify.annotations.Nullable;

/**
 * Describes one cache for the operator endpoint: TTL from the {@link TtlPolicy}, size from the store (memory)
 * or level one (tiered), hits and misses from the meters ({@link CacheGets}), faults from
 * {@link CacheFaultCounters}. Sends nothing to a server.
 */
final class CacheReport {

	static final String UNKNOWN = "unknown";

	private final TtlPolicy ttlPolicy;

	private final StoreMaintenance store;

	private final @Nullable NearCache levelOne;

	private final CacheGets gets;

	private final CacheFaultCounters faults;

	/**
	 * @param ttlPolicy each cache's TTL
	 * @param store where entries live
	 * @param levelOne the tiered driver's level one, or {@code null}
	 * @param gets hits and misses
	 * @param faults fault counts
	 */
	CacheReport(TtlPolicy ttlPolicy, StoreMaintenance store, @Nullable NearCache levelOne, CacheGets gets,
			CacheFaultCounters faults) {
		this.ttlPolicy = ttlPolicy;
		this.store = store;
		this.levelOne = levelOne;
		this.gets = gets;
		this.faults = faults;
	}

	CacheDescriptor describe(String name) {
		Duration ttl = this.ttlPolicy.configuredTtl(name);
		Long size = this.store.size(name);
		if (size == null && this.levelOne != null) {
			size = this.levelOne.size(name);
		}
		CacheGets.Counts counts = this.gets.of(name);
		Map<String, Long> faults = new LinkedHashMap<>();
		for (CacheFaultCounters.Kind kind : CacheFaultCounters.Kind.values()) {
			faults.put(kind.name().toLowerCase(Locale.ROOT), this.faults.countAcrossTenants(kind, name));
		}
		return new CacheDescriptor(name, ttl.isZero() ? "none" : ttl.toString(), (size != null) ? size : UNKNOWN,
				(counts != null) ? counts.hits() : UNKNOWN, (counts != null) ? counts.misses() : UNKNOWN,
				(counts != null) ? counts.hitRatio() : UNKNOWN, faults);
	}

}

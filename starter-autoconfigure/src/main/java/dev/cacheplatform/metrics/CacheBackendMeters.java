package dev.cacheplatform.metrics;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.cache.redis.RedisLoadLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The meters of a driver's backend rather than of one cache call: {@code cache.faults} (each fault as
 * {@link CacheFaultCounters} counts it, tagged with its cache and kind), {@code cache.pending.invalidations}
 * (evictions and clears kept during an outage), {@code cache.load.waits} (waits for another instance's load)
 * and the {@code cache.evictions} of the memory store and of level one. Reads what the cache package already keeps; sends nothing.
 */
final class CacheBackendMeters {

	private final ObjectProvider<CachePlatformCacheManager> manager;

	/**
	 * Registers the meters and hooks of whatever the driver has.
	 * @param meters the driver's meters
	 * @param manager the cache manager, read for its cache names when a fault is counted
	 * @param counters the fault counters
	 * @param faults the backend's fault policy (Redis drivers), or {@code null}
	 * @param loadLock the cross-instance load lock, or {@code null}
	 * @param memory the memory driver's store, or {@code null}
	 * @param near the tiered driver's level one, or {@code null}
	 */
	CacheBackendMeters(CacheMeters meters, ObjectProvider<CachePlatformCacheManager> manager,
			@Nullable CacheFaultCounters counters, @Nullable CacheFaultPolicy faults, @Nullable RedisLoadLock loadLock,
			@Nullable MemoryCacheProvider memory, @Nullable NearCache near) {
		this.manager = manager;
		if (counters != null) {
			counters.onFault((kind, cacheName) -> meters.registry()
				.counter("cache.faults", meters.tags(scopeOf(cacheName)).and("kind", kind))
				.increment());
		}
		if (faults != null) {
			Gauge.builder("cache.pending.invalidations", faults, CacheFaultPolicy::pendingKeys)
				.description("Evictions of single keys kept until the backend answers again")
				.tags(meters.driverTags())
				.tag("type", "keys")
				.register(meters.registry());
			Gauge.builder("cache.pending.invalidations", faults, CacheFaultPolicy::pendingClears)
				.description("Clears of whole caches kept until the backend answers again")
				.tags(meters.driverTags())
				.tag("type", "clears")
				.register(meters.registry());
		}
		if (loadLock != null) {
			Timer waits = Timer.builder("cache.load.waits")
				.description("Waits for another instance's load of the same key")
				.tags(meters.driverTags())
				.register(meters.registry());
			loadLock.onWait((nanos) -> waits.record(nanos, TimeUnit.NANOSECONDS));
		}
		Consumer<CacheScope> evicted = (scope) -> meters.registry()
			.counter("cache.evictions", meters.tags(scope))
			.increment();
		if (memory != null) {
			memory.onEviction(evicted);
		}
		if (near != null) {
			near.onEviction(evicted);
		}
	}

	/**
	 * The scope of a cache as the fault counters name it: {@code <tenant>:<cache>} or {@code <cache>}, told
	 * apart by the manager's cache names (tenant ids never contain {@code :}).
	 */
	private CacheScope scopeOf(String countedName) {
		CachePlatformCacheManager current = this.manager.getIfAvailable();
		Collection<String> names = (current != null) ? current.getCacheNames() : List.of();
		if (names.contains(countedName)) {
			return new CacheScope(countedName, null);
		}
		int colon = countedName.indexOf(':');
		if (colon > 0 && names.contains(countedName.substring(colon + 1))) {
			return new CacheScope(countedName.substring(colon + 1), countedName.substring(0, colon));
		}
		return new CacheScope(countedName, null);
	}

}

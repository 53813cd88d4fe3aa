package dev.cacheplatform.metrics;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import dev.cacheplatform.cache.CacheLayer;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.metrics.MeteredCache.Position;
import io.micrometer.core.instrument.Gauge;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.core.Ordered;

/**
 * The layer that measures a driver's caches, created at runtime or not: each (cache, tenant) gets its
 * {@link MeteredCache} when the pipeline assembles it. Where the driver keeps entries in memory (the memory
 * store, the tiered driver's level one) it also registers the cache's {@code cache.size} (entries held, per
 * cache or per cache and tenant) and its {@code cache.evictions} counter.
 */
final class CacheMetricsLayer implements CacheLayer, Ordered {

	private final CacheMeters meters;

	private final Position position;

	private final @Nullable String latencyLevel;

	private final int order;

	private final @Nullable ToLongFunction<Predicate<CacheScope>> sizes;

	private final boolean tenantTag;

	/**
	 * @param meters the driver's meters
	 * @param position where the layer sits
	 * @param latencyLevel the {@code level} of the latency measured here ({@code memory}, {@code redis},
	 * {@code local})
	 * @param order the layer's place among the pipeline's layers
	 * @param sizes counts the in-memory entries of some scopes (memory store, level one), or {@code null}
	 * @param tenantTag whether meters carry a tenant tag
	 */
	CacheMetricsLayer(CacheMeters meters, Position position, @Nullable String latencyLevel, int order,
			@Nullable ToLongFunction<Predicate<CacheScope>> sizes, boolean tenantTag) {
		this.meters = meters;
		this.position = position;
		this.latencyLevel = latencyLevel;
		this.order = order;
		this.sizes = sizes;
		this.tenantTag = tenantTag;
	}

	@Override
	public Cache wrap(CacheScope scope, Cache inner) {
		if (this.sizes != null) {
			registerSize(scope, this.sizes);
		}
		return new MeteredCache(inner,
				(this.position == Position.LEVEL_TWO) ? this.meters.levelTwo(scope) : this.meters.application(scope,
						this.latencyLevel, this.position == Position.TIERED_APPLICATION),
				this.meters, this.position);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	private void registerSize(CacheScope scope, ToLongFunction<Predicate<CacheScope>> sizes) {
		var tags = this.meters.tags(scope);
		this.meters.registry().counter("cache.evictions", tags);
		String cacheName = scope.cacheName();
		Predicate<CacheScope> counted = !this.tenantTag ? (each) -> each.cacheName().equals(cacheName)
				: this.meters.hasOwnTenantTag(scope) ? scope::equals : null;
		if (counted != null) {
			Gauge.builder("cache.size", sizes, (store) -> store.applyAsLong(counted))
				.description("Entries held in this instance's memory")
				.tags(tags)
				.strongReference(true)
				.register(this.meters.registry());
		}
	}

}

package dev.cacheplatform.metrics;

import dev.cacheplatform.cache.CacheLayer;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.metrics.MeteredCache.Position;
import io.micrometer.core.instrument.Gauge;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.core.Ordered;

/**
 * The layer that measures a driver's caches, created at runtime or not: each (cache, tenant) gets its
 * {@link MeteredCache} when the pipeline assembles it. For the memory driver it also registers the cache's
 * {@code cache.size} (entries held, per cache or per cache and tenant) and its {@code cache.evictions} counter.
 */
final class CacheMetricsLayer implements CacheLayer, Ordered {

	private final CacheMeters meters;

	private final Position position;

	private final @Nullable String latencyLevel;

	private final int order;

	private final @Nullable MemoryCacheProvider memory;

	private final boolean tenantTag;

	/**
	 * @param meters the driver's meters
	 * @param position where the layer sits
	 * @param latencyLevel the {@code level} of the latency measured here ({@code memory}, {@code redis},
	 * {@code local})
	 * @param order the layer's place among the pipeline's layers
	 * @param memory the memory driver's store, for sizes, or {@code null}
	 * @param tenantTag whether meters carry a tenant tag
	 */
	CacheMetricsLayer(CacheMeters meters, Position position, @Nullable String latencyLevel, int order,
			@Nullable MemoryCacheProvider memory, boolean tenantTag) {
		this.meters = meters;
		this.position = position;
		this.latencyLevel = latencyLevel;
		this.order = order;
		this.memory = memory;
		this.tenantTag = tenantTag;
	}

	@Override
	public Cache wrap(CacheScope scope, Cache inner) {
		if (this.memory != null) {
			registerSize(scope, this.memory);
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

	private void registerSize(CacheScope scope, MemoryCacheProvider memory) {
		var tags = this.meters.tags(scope);
		this.meters.registry().counter("cache.evictions", tags);
		String cacheName = scope.cacheName();
		if (!this.tenantTag) {
			Gauge.builder("cache.size", memory, (store) -> store.size((each) -> each.cacheName().equals(cacheName)))
				.tags(tags)
				.register(this.meters.registry());
		}
		else if (this.meters.hasOwnTenantTag(scope)) {
			Gauge.builder("cache.size", memory, (store) -> store.size(scope::equals))
				.tags(tags)
				.register(this.meters.registry());
		}
	}

}

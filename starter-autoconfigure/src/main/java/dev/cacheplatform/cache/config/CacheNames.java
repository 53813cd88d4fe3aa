package dev.cacheplatform.cache.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;

/** Which cache names a manager knows from startup, and which every tenant shares. */
final class CacheNames {

	private CacheNames() {
	}

	/** The caches every tenant shares ({@code cache-platform.cache.caches.<name>.shared}). */
	static Set<String> shared(CachePlatformCacheProperties properties) {
		Set<String> names = new LinkedHashSet<>();
		properties.getCaches().forEach((name, spec) -> {
			if (spec.isShared()) {
				names.add(name);
			}
		});
		return names;
	}

	/**
	 * The caches that exist from startup, so that the actuator lists and clears them before first use:
	 * the ones configured under {@code cache-platform.cache.caches} (or {@code CACHE_TTLS}), in
	 * {@code spring.cache.cache-names}, and in the application's own cache configurations.
	 */
	static Set<String> known(CachePlatformCacheProperties properties, StockCacheSettings stock,
			Collection<String> configured) {
		Set<String> names = new LinkedHashSet<>(stock.cacheNames());
		names.addAll(configured);
		names.addAll(properties.getCaches().keySet());
		return names;
	}

}

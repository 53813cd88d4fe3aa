package dev.cacheplatform.cache.near;

import dev.cacheplatform.cache.CacheLayer;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.StoreKeys;

import org.springframework.cache.Cache;

/**
 * The layer that makes the Redis pipeline the tiered driver: level one ({@link NearCache}) in front of
 * everything below it. It keeps nothing per cache or tenant; entries live in the one bounded
 * {@link NearCache}.
 */
public final class NearCacheLayer implements CacheLayer {

	/**
	 * Where the layer sits among the {@link CacheLayer} beans: outside all but those ordered after it, which
	 * see the application's view (metrics); layers ordered before it see level two only.
	 */
	public static final int ORDER = Integer.MAX_VALUE - 1000;

	private final NearCache near;

	private final StoreKeys storeKeys;

	/**
	 * @param near level one
	 * @param storeKeys how level two names keys on the server, to match the server's change reports
	 */
	public NearCacheLayer(NearCache near, StoreKeys storeKeys) {
		this.near = near;
		this.storeKeys = storeKeys;
	}

	@Override
	public Cache wrap(CacheScope scope, Cache inner) {
		return new TwoLevelCache(scope, inner, this.near, this.storeKeys);
	}

}

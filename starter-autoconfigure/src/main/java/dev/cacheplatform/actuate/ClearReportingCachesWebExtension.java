package dev.cacheplatform.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint.CacheEntryDescriptor;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * {@code DELETE /actuator/caches} and {@code DELETE /actuator/caches/{name}} answering with what they did
 * (200 and a {@link ClearReport}) instead of Spring Boot's empty 204: per cache, whether the clear reached
 * the cache server or, because the server did not answer, is kept and sent once it answers again (before
 * anything is read from it). A cache server that is down or frozen never turns a clear into a 500. On Redis
 * a clear sends {@code SCAN} + {@code UNLINK} of the cache's keys for every tenant, nothing else.
 * {@code GET /actuator/caches/{name}} stays Spring Boot's.
 */
@EndpointWebExtension(endpoint = CachesEndpoint.class)
class ClearReportingCachesWebExtension extends CachesEndpointWebExtension {

	private final CachesEndpoint endpoint;

	private final Map<String, CacheManager> managers;

	/**
	 * @param endpoint the caches endpoint
	 * @param managers the application's cache managers by bean name, as the application sees them
	 */
	ClearReportingCachesWebExtension(CachesEndpoint endpoint, Map<String, CacheManager> managers) {
		super(endpoint);
		this.endpoint = endpoint;
		this.managers = managers;
	}

	/**
	 * Clears every cache of every cache manager, for every tenant.
	 * @return what happened to each cache
	 */
	@DeleteOperation
	public ClearReport clearCaches() {
		List<ClearedCache> caches = new ArrayList<>();
		this.managers.forEach((managerName, manager) -> {
			for (String cacheName : manager.getCacheNames()) {
				caches.add(clear(managerName, manager, cacheName));
			}
		});
		return new ClearReport(caches);
	}

	/**
	 * Clears one cache for every tenant.
	 * @param cache the cache name
	 * @param cacheManager the cache manager's bean name, needed only when several have a cache of that name
	 * @return 200 with what happened, or 404 when there is no such cache
	 */
	@DeleteOperation
	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public WebEndpointResponse clearCache(@Selector String cache, @Nullable String cacheManager) {
		CacheEntryDescriptor entry = this.endpoint.cache(cache, cacheManager);
		CacheManager manager = (entry != null) ? this.managers.get(entry.getCacheManager()) : null;
		if (entry == null || manager == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(new ClearReport(List.of(clear(entry.getCacheManager(), manager, cache))));
	}

	private static ClearedCache clear(String managerName, CacheManager manager, String cacheName) {
		if (manager instanceof CachePlatformCacheManager platform) {
			return new ClearedCache(cacheName, managerName,
					platform.clearAllTenants(cacheName) ? Outcome.CLEARED : Outcome.PENDING);
		}
		Cache cache = manager.getCache(cacheName);
		if (cache != null) {
			cache.clear();
		}
		return new ClearedCache(cacheName, managerName, Outcome.CLEARED);
	}

	/**
	 * What a clear did.
	 * @param caches one line per cache
	 */
	record ClearReport(List<ClearedCache> caches) {
	}

	/**
	 * What a clear did to one cache.
	 * @param name the cache
	 * @param cacheManager the cache manager's bean name
	 * @param outcome whether the entries are gone already or will be once the server answers
	 */
	record ClearedCache(String name, String cacheManager, Outcome outcome) {
	}

	/** Whether a clear reached the cache server. */
	enum Outcome {

		/** The entries are gone, for every tenant. */
		CLEARED,

		/**
		 * The cache server did not answer (or its circuit breaker is open): the clear is kept and sent as soon
		 * as it answers again, before anything is read from it.
		 */
		PENDING

	}

}

package dev.cacheplatform.actuate;

import java.util.Map;

import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.cache.CacheManager;

/**
 * Spring Boot's caches endpoint, leaving {@code DELETE /actuator/caches} to
 * {@link ClearReportingCachesWebExtension}, which answers with what it did. Boot's own operation answers an
 * empty 204 and, having no body, would not be replaced by the extension's but sit beside it (chosen for
 * requests without an Accept header); overriding {@link #clearCaches()} without {@code @DeleteOperation}
 * takes it off the endpoint, since Boot reads operation annotations from the most specific method only.
 * Calling {@link #clearCaches()} in code still clears every cache.
 */
class ClearReportingCachesEndpoint extends CachesEndpoint {

	/**
	 * @param cacheManagers the cache managers by bean name, as the endpoint shows them
	 */
	ClearReportingCachesEndpoint(Map<String, CacheManager> cacheManagers) {
		super(cacheManagers);
	}

	/** Clears every cache of every cache manager; not an operation of its own (see the class comment). */
	@Override
	public void clearCaches() {
		super.clearCaches();
	}

}

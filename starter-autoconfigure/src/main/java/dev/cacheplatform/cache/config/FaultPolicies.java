package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.CacheFaultSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The fault policy every remote driver (Redis, memcached) puts in front of its store, from
 * {@code cache-platform.cache.breaker.*}: one breaker per backend, named as the breaker meters tag it.
 */
final class FaultPolicies {

	private FaultPolicies() {
	}

	/**
	 * @param breakerName the breaker's name in Resilience4j's registry and its meters, e.g. {@code redis-cache}
	 * @param backend how log lines name the backend, e.g. {@code Redis cache role}
	 * @param properties the breaker settings
	 * @param counters where faults are counted
	 * @param registry the application's breaker registry, if any
	 * @return the policy
	 */
	static CacheFaultPolicy create(String breakerName, String backend, CachePlatformCacheProperties properties,
			CacheFaultCounters counters, @Nullable CircuitBreakerRegistry registry) {
		CachePlatformCacheProperties.Breaker breaker = properties.getBreaker();
		return new CacheFaultPolicy(breakerName, backend,
				new CacheFaultSettings(breaker.getFailureRateThreshold(), breaker.getSlidingWindowSize(),
						breaker.getMinimumCalls(), breaker.getWaitInOpenState(), breaker.getSlowCallThreshold(),
						breaker.getLogInterval()),
				counters, System::nanoTime, registry);
	}

}

package dev.cacheplatform.metrics;

import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.cache.near.NearCacheLayer;
import dev.cacheplatform.cache.redis.RedisLoadLock;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.metrics.MeteredCache.Position;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Meters and observations of Cache Platform's caches, for every driver, as Spring Boot observes its own: an
 * auto-configuration of its own that contributes {@link dev.cacheplatform.cache.CacheLayer} beans to the
 * driver's pipeline rather than a wrapper at the manager. The outermost layer sees what the application sees
 * ({@code cache.gets{result}}, {@code cache.puts}, ... under Spring Boot's names and its {@code cache.manager}
 * tag); for the tiered driver a second layer behind level one sees what reaches Redis. The Redis cache breaker
 * is registered in a Resilience4j {@link CircuitBreakerRegistry} whose state Resilience4j's Micrometer module
 * publishes. Backs off without Micrometer or a {@link MeterRegistry}, and without Cache Platform's cache manager.
 */
@AutoConfiguration(after = CachePlatformCacheAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, CachePlatformCacheManager.class })
@EnableConfigurationProperties(CachePlatformMetricsProperties.class)
public final class CachePlatformMetricsAutoConfiguration {

	private static final String MEMORY_PROVIDER = "cachePlatformMemoryCacheProvider";

	private static final String NEAR_CACHE_LAYER = "cachePlatformNearCacheLayer";

	private static final String REDIS_PROVIDER = "cachePlatformRedisCacheProvider";

	private static final String MEMCACHED_STORE = "cachePlatformMemcachedStore";

	@Bean
	CacheMeters cachePlatformCacheMeters(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations,
			CachePlatformMetricsProperties properties, CachePlatformCacheProperties cacheProperties,
			ObjectProvider<RedisEndpoints> endpoints, ListableBeanFactory beanFactory) {
		String[] managers = beanFactory.getBeanNamesForType(CachePlatformCacheManager.class, true, false);
		return new CacheMeters(registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				(managers.length > 0) ? managers[0] : "cacheManager",
				driver(beanFactory, cacheProperties, endpoints),
				properties.isTenantTag() ? new TenantTagValues(properties.getMaxTenants()) : null);
	}

	/** Outermost: what the application sees. */
	@Bean
	CacheMetricsLayer cachePlatformCacheMetricsLayer(CacheMeters meters, CachePlatformMetricsProperties properties,
			ObjectProvider<MemoryCacheProvider> memory, ObjectProvider<NearCache> near) {
		String driver = meters.driver();
		Position position = driver.equals("tiered") ? Position.TIERED_APPLICATION : Position.APPLICATION;
		String level = switch (driver) {
			case "memory" -> "memory";
			case "tiered" -> "local";
			case "memcached" -> "memcached";
			default -> "redis";
		};
		MemoryCacheProvider store = driver.equals("memory") ? memory.getIfAvailable() : null;
		NearCache levelOne = driver.equals("tiered") ? near.getIfAvailable() : null;
		@Nullable ToLongFunction<Predicate<CacheScope>> sizes = (store != null) ? store::size
				: (levelOne != null) ? levelOne::size : null;
		return new CacheMetricsLayer(meters, position, level, Ordered.LOWEST_PRECEDENCE, sizes,
				properties.isTenantTag());
	}

	/** Tiered only: between level one and the fault-tolerant Redis level. */
	@Bean
	@ConditionalOnBean(name = NEAR_CACHE_LAYER)
	CacheMetricsLayer cachePlatformLevelTwoMetricsLayer(CacheMeters meters) {
		return new CacheMetricsLayer(meters, Position.LEVEL_TWO, "redis", NearCacheLayer.ORDER - 1, null, false);
	}

	@Bean
	CacheBackendMeters cachePlatformCacheBackendMeters(CacheMeters meters,
			ObjectProvider<CachePlatformCacheManager> manager, ObjectProvider<CacheFaultCounters> counters,
			ObjectProvider<CacheFaultPolicy> faults, ObjectProvider<RedisLoadLock> loadLock,
			ObjectProvider<MemoryCacheProvider> memory, ObjectProvider<NearCache> near) {
		return new CacheBackendMeters(meters, manager, counters.getIfAvailable(), faults.getIfAvailable(),
				loadLock.getIfAvailable(), memory.getIfAvailable(), near.getIfAvailable());
	}

	private static String driver(ListableBeanFactory beanFactory, CachePlatformCacheProperties properties,
			ObjectProvider<RedisEndpoints> endpoints) {
		if (beanFactory.containsBeanDefinition(MEMORY_PROVIDER)) {
			return CacheDriver.MEMORY.settingValue();
		}
		if (beanFactory.containsBeanDefinition(NEAR_CACHE_LAYER)) {
			return CacheDriver.TIERED.settingValue();
		}
		if (beanFactory.containsBeanDefinition(MEMCACHED_STORE)) {
			return CacheDriver.MEMCACHED.settingValue();
		}
		if (beanFactory.containsBeanDefinition(REDIS_PROVIDER)) {
			RedisEndpoints redis = endpoints.getIfAvailable();
			return CacheDriver.effective(properties.getDriver(), (redis != null) ? redis.cache().topology() : null)
				.settingValue();
		}
		return CacheDriver.NONE.settingValue();
	}

	/**
	 * The Redis cache breaker in a registry, its state published by Resilience4j's Micrometer module
	 * ({@code resilience4j.circuitbreaker.state{name=redis-cache}} and the rest of its meters).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CircuitBreakerRegistry.class, TaggedCircuitBreakerMetrics.class })
	static class CircuitBreakerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CircuitBreakerRegistry cachePlatformCircuitBreakerRegistry() {
			return CircuitBreakerRegistry.ofDefaults();
		}

		@Bean
		TaggedCircuitBreakerMetrics cachePlatformCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
		}

	}

}

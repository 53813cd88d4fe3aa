package dev.cacheplatform.cache.config;

import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CacheLayer;
import dev.cacheplatform.cache.CachePipeline;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.memory.StockCaffeineSpec;
import dev.cacheplatform.tenant.Tenancy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code CACHE_DRIVER=memory}: the pipeline is the memory store (one bounded Caffeine store for every
 * cache and tenant) behind whatever {@link CacheLayer} beans the context adds (metrics), in their order, sized by {@code CACHE_MAX_CAPACITY} or stock {@code spring.cache.caffeine.spec}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Caffeine.class)
@ConditionalOnCacheDriver(CacheDriver.MEMORY)
class MemoryDriverConfiguration {

	private static final Log logger = LogFactory.getLog(MemoryDriverConfiguration.class);

	@Bean
	MemoryCacheProvider cachePlatformMemoryCacheProvider(CachePlatformCacheProperties properties, TtlPolicy ttlPolicy,
			StockCacheSettings stock, Environment environment) {
		StockCaffeineSpec spec = StockCaffeineSpec.read(environment);
		long maxCapacity = properties.getMaxCapacity();
		if (spec != null) {
			stock.noteRead(StockCaffeineSpec.PROPERTY + "=" + spec.spec());
			if (spec.maximumSize() != null && !stock.maxCapacityConfigured()) {
				maxCapacity = Math.max(1, spec.maximumSize());
			}
			if (spec.ttl() != null && !stock.ttlConfigured()) {
				ttlPolicy = ttlPolicy.withDefaultTtl(spec.ttl());
			}
			if (!spec.ignored().isEmpty()) {
				logger.warn(StockCaffeineSpec.PROPERTY + ": " + String.join(", ", spec.ignored())
						+ " do not apply to Cache Platform's memory driver (one bounded store for every cache) "
						+ "and are ignored");
			}
		}
		return new MemoryCacheProvider(ttlPolicy, maxCapacity, properties.getCleanupInterval(), Ticker.systemTicker(),
				spec != null && spec.expiresAfterAccess() && !stock.ttlConfigured());
	}

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	CachePlatformCacheManager cacheManager(MemoryCacheProvider provider, Tenancy tenancy, StockCacheSettings stock,
			CachePlatformCacheProperties properties, ObjectProvider<CacheLayer> layers) {
		return new CachePlatformCacheManager(
				new CachePipeline(provider, layers.orderedStream().toList(), properties.getMaxTenantCaches()),
				tenancy, CacheNames.known(properties, stock, List.of()), CacheNames.shared(properties));
	}

}

package dev.cacheplatform.cache.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The {@link CacheManager} of the driver in effect. Each driver is a pipeline (a store behind layers) wired
 * by its own configuration: {@link MemoryDriverConfiguration}, {@link RedisDriverConfiguration} (also the
 * tiered driver's level two), {@link MemcachedDriverConfiguration}, {@link NoCacheDriverConfiguration}; {@link CachingConfiguration} turns Spring's
 * caching on, so {@code @Cacheable} works without {@code @EnableCaching}; {@link CacheTenantConfiguration}
 * decides the tenant of a call. This class holds what every driver shares: the TTL policy, the fault
 * counters, and the stock Spring Boot settings read as fallbacks. Backs off when the application defines a
 * {@link CacheManager} or sets {@code spring.cache.type}. Runs before Boot's cache auto-configuration.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
		after = CachePlatformRedisAutoConfiguration.class)
@ConditionalOnClass(CacheManager.class)
@EnableConfigurationProperties({ CachePlatformCacheProperties.class, CachePlatformTenantProperties.class })
@Import({ CachingConfiguration.class, CacheTenantConfiguration.class, MemoryDriverConfiguration.class,
		RedisDriverConfiguration.class, TieredDriverConfiguration.class, MemcachedDriverConfiguration.class,
		NoCacheDriverConfiguration.class })
public final class CachePlatformCacheAutoConfiguration {

	private static final String REDIS_CACHE_CONFIGURATION = "org.springframework.data.redis.cache.RedisCacheConfiguration";

	@Bean
	@ConditionalOnMissingBean
	CacheFaultCounters cachePlatformCacheFaultCounters() {
		return new CacheFaultCounters();
	}

	@Bean
	StockCacheSettings cachePlatformStockCacheSettings(CachePlatformCacheProperties properties,
			Environment environment, ListableBeanFactory beanFactory) {
		return StockCacheSettings.read(properties, environment, hasBean(beanFactory, REDIS_CACHE_CONFIGURATION));
	}

	@Bean
	@ConditionalOnMissingBean
	TtlPolicy cachePlatformTtlPolicy(CachePlatformCacheProperties properties, StockCacheSettings stock) {
		return new TtlPolicy(properties, stock.ttlDefaults());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer")
	static class StockCacheManagerCustomizerConfiguration {

		@Bean
		static StockCacheManagerCustomizers cachePlatformStockCacheManagerCustomizers(
				ObjectProvider<CacheManagerCustomizer<?>> customizers) {
			return new StockCacheManagerCustomizers(customizers);
		}

	}

	private static boolean hasBean(ListableBeanFactory beanFactory, String type) {
		if (!ClassUtils.isPresent(type, null)) {
			return false;
		}
		try {
			return beanFactory.getBeanNamesForType(ClassUtils.forName(type, null), true, false).length > 0;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}

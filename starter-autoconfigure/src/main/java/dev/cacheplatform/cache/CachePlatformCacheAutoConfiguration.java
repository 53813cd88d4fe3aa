package dev.cacheplatform.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link CacheManager} of the driver in effect. Turns Spring's caching on, so {@code @Cacheable}
 * works without {@code @EnableCaching}, and backs off when the application defines a
 * {@link CacheManager} or sets {@code spring.cache.type}. Runs before Boot's cache auto-configuration.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
		afterName = "dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@EnableConfigurationProperties(CachePlatformCacheProperties.class)
public final class CachePlatformCacheAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CacheAspectSupport.class)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	@ConditionalOnCacheDriver(CacheDriver.MEMORY)
	static class MemoryDriverConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CaffeineCacheManager cacheManager(CachePlatformCacheProperties properties) {
			CaffeineCacheManager manager = new CaffeineCacheManager();
			manager.setCaffeine(caffeine(properties, properties.getTtl()));
			manager.setAllowNullValues(properties.isCacheNullValues());
			properties.getCaches().forEach((name, spec) -> {
				Duration ttl = (spec.getTtl() != null) ? spec.getTtl() : properties.getTtl();
				manager.registerCustomCache(name, caffeine(properties, ttl).build());
			});
			return manager;
		}

		private static Caffeine<Object, Object> caffeine(CachePlatformCacheProperties properties, Duration ttl) {
			Caffeine<Object, Object> caffeine = Caffeine.newBuilder().maximumSize(properties.getMaxCapacity());
			return ttl.isZero() ? caffeine : caffeine.expireAfterWrite(ttl);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnCacheDriver(CacheDriver.NONE)
	static class NoCacheDriverConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		NoOpCacheManager cacheManager() {
			return new NoOpCacheManager();
		}

	}

}

package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.fault.TypeCheckingCacheResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;

/**
 * Spring's caching, on without {@code @EnableCaching}, and every {@code @Cacheable} hit checked against the
 * method's return type (see {@link TypeCheckingCacheResolver}), unless the application configures caching
 * itself.
 */
@Configuration(proxyBeanMethods = false)
@Import({ CachingConfiguration.EnableCachingConfiguration.class, CachingConfiguration.TypeCheckingConfiguration.class })
class CachingConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CacheAspectSupport.class)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CachingConfigurer.class)
	static class TypeCheckingConfiguration {

		// Static, infrastructure and lazy: the caching advisor asks for it while post-processors are still
		// being created, when no ordinary bean should be
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static CachingConfigurer cachePlatformCachingConfigurer(ObjectProvider<CacheManager> cacheManager,
				ObjectProvider<CacheFaultCounters> counters, ObjectProvider<CachePlatformCacheProperties> properties) {
			return new CachingConfigurer() {

				// Called once caching starts; null lets Spring report a missing or ambiguous cache manager itself
				@Override
				public @Nullable CacheResolver cacheResolver() {
					CacheManager manager = cacheManager.getIfUnique();
					return (manager != null) ? new TypeCheckingCacheResolver(new SimpleCacheResolver(manager),
							counters.getObject(), properties.getObject().getBreaker().getLogInterval()) : null;
				}

			};
		}

	}

}

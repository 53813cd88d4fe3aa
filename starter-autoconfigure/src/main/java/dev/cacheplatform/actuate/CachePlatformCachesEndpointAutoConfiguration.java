package dev.cacheplatform.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot's {@code caches} endpoint, given Cache Platform's manager in a form where
 * {@code DELETE /actuator/caches} and {@code DELETE /actuator/caches/{name}} clear the cache for every
 * tenant: an operator clearing a cache means all of it, whatever tenant header the request carries. Over
 * HTTP the deletes answer with what they did ({@link ClearReportingCachesWebExtension}); a clear the cache
 * server does not answer is kept and sent once it does. Backs off when the application defines its own
 * {@link CachesEndpoint} or {@link CachesEndpointWebExtension}.
 */
@AutoConfiguration(after = CachePlatformCacheAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration")
@ConditionalOnClass({ CachesEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(CachePlatformCacheManager.class)
@ConditionalOnAvailableEndpoint(CachesEndpoint.class)
public final class CachePlatformCachesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachesEndpoint cachesEndpoint(ConfigurableListableBeanFactory beanFactory) {
		Map<String, CacheManager> managers = new LinkedHashMap<>();
		cacheManagers(beanFactory).forEach((name, manager) -> managers.put(name,
				(manager instanceof CachePlatformCacheManager platform) ? new AllTenantsCacheManager(platform)
						: manager));
		return new ClearReportingCachesEndpoint(managers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CachesEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = CachesEndpoint.class, exposure = EndpointExposure.WEB)
	CachesEndpointWebExtension cachesEndpointWebExtension(CachesEndpoint endpoint,
			ConfigurableListableBeanFactory beanFactory) {
		return new ClearReportingCachesWebExtension(endpoint, cacheManagers(beanFactory));
	}

	private static Map<String, CacheManager> cacheManagers(ConfigurableListableBeanFactory beanFactory) {
		return SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, CacheManager.class);
	}

}

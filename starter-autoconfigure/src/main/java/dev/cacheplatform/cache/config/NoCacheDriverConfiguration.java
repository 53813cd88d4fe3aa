package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheDriver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code CACHE_DRIVER=none}: every cached method runs every time. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnCacheDriver(CacheDriver.NONE)
class NoCacheDriverConfiguration {

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	NoOpCacheManager cacheManager() {
		return new NoOpCacheManager();
	}

}

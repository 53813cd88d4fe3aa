package dev.cacheplatform.autoconfigure;

import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisProperties;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.tenant.Tenancy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds every {@code cache-platform.*} property group and reports, once at startup, what each role
 * ended up with.
 */
@AutoConfiguration(after = { CachePlatformRedisAutoConfiguration.class, dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration.class },
		afterName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@EnableConfigurationProperties({ CachePlatformRedisProperties.class, CachePlatformCacheProperties.class,
		CachePlatformSessionProperties.class, CachePlatformTenantProperties.class })
public final class CachePlatformAutoConfiguration {

	@Bean
	CachePlatformStartupReport cachePlatformStartupReport(CachePlatformCacheProperties cache,
			CachePlatformSessionProperties session, ObjectProvider<RedisEndpoints> endpoints,
			ObjectProvider<CacheManager> cacheManagers, ObjectProvider<StockCacheSettings> stockSettings,
			ObjectProvider<Tenancy> tenancy, CachePlatformTenantProperties tenant, Environment environment) {
		return new CachePlatformStartupReport(cache, session, endpoints, cacheManagers, stockSettings, environment,
				tenancy, tenant);
	}

}

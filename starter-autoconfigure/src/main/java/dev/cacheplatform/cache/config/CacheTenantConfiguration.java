package dev.cacheplatform.cache.config;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.tenant.HeaderTenantResolver;
import dev.cacheplatform.tenant.Tenancy;
import dev.cacheplatform.tenant.TenantResolver;
import dev.cacheplatform.tenant.TenantTaskDecorator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/**
 * Which tenant a cache call belongs to: the application's {@link TenantResolver}, or the request header
 * named by {@code cache-platform.tenant.header}; carried into {@code @Async} work.
 */
@Configuration(proxyBeanMethods = false)
@Import(CacheTenantConfiguration.HeaderTenantConfiguration.class)
class CacheTenantConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Tenancy cachePlatformTenancy(ObjectProvider<TenantResolver> resolver) {
		return new Tenancy(resolver.getIfUnique());
	}

	/**
	 * Carries the tenant into {@code @Async} work. Spring Boot composes every {@link TaskDecorator} bean, so
	 * this one sits beside the application's own (an MDC decorator, say) instead of backing off for it.
	 */
	@Bean
	@ConditionalOnMissingBean(TenantTaskDecorator.class)
	TenantTaskDecorator cachePlatformTenantTaskDecorator(Tenancy tenancy) {
		return new TenantTaskDecorator(tenancy);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.context.request.RequestContextHolder")
	@ConditionalOnProperty("cache-platform.tenant.header")
	static class HeaderTenantConfiguration {

		@Bean
		@ConditionalOnMissingBean(TenantResolver.class)
		HeaderTenantResolver cachePlatformHeaderTenantResolver(CachePlatformTenantProperties properties,
				Environment environment) {
			String header = String.valueOf(properties.getHeader());
			if (!HeaderTenantResolver.isValidHeaderName(header)) {
				// No request can carry such a header: tenant scoping would be off without a word
				throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.tenant.header"),
						header, "it is not a valid HTTP header name, so no request could name a tenant",
						HeaderTenantResolver.ACCEPTED);
			}
			return new HeaderTenantResolver(header);
		}

	}

}

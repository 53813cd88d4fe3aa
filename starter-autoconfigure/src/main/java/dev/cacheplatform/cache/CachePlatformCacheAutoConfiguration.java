package dev.cacheplatform.cache;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.codec.CacheValueCodec;
import dev.cacheplatform.cache.codec.Compression;
import dev.cacheplatform.cache.codec.EnvelopeCodec;
import dev.cacheplatform.cache.codec.Format;
import dev.cacheplatform.cache.codec.TypeAllowList;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.CacheFaultSettings;
import dev.cacheplatform.cache.fault.FaultTolerantCache;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.tenant.HeaderTenantResolver;
import dev.cacheplatform.tenant.Tenancy;
import dev.cacheplatform.tenant.TenantResolver;
import dev.cacheplatform.tenant.TenantTaskDecorator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@link CacheManager} of the driver in effect, behind tenant scoping and (for remote drivers)
 * fault tolerance. Turns Spring's caching on, so {@code @Cacheable} works without
 * {@code @EnableCaching}, and backs off when the application defines a {@link CacheManager} or sets
 * {@code spring.cache.type}. Runs before Boot's cache auto-configuration.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
		after = CachePlatformRedisAutoConfiguration.class)
@ConditionalOnClass(CacheManager.class)
@EnableConfigurationProperties({ CachePlatformCacheProperties.class, CachePlatformTenantProperties.class })
public final class CachePlatformCacheAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CachePlatformCacheAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	CacheFaultCounters cachePlatformCacheFaultCounters() {
		return new CacheFaultCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	TtlPolicy cachePlatformTtlPolicy(CachePlatformCacheProperties properties) {
		return new TtlPolicy(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	Tenancy cachePlatformTenancy(ObjectProvider<TenantResolver> resolver) {
		return new Tenancy(resolver.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(TaskDecorator.class)
	TenantTaskDecorator cachePlatformTenantTaskDecorator(Tenancy tenancy) {
		return new TenantTaskDecorator(tenancy);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CacheAspectSupport.class)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.context.request.RequestContextHolder")
	@ConditionalOnProperty("cache-platform.tenant.header")
	static class HeaderTenantConfiguration {

		@Bean
		@ConditionalOnMissingBean(TenantResolver.class)
		HeaderTenantResolver cachePlatformHeaderTenantResolver(CachePlatformTenantProperties properties) {
			return new HeaderTenantResolver(String.valueOf(properties.getHeader()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	@ConditionalOnCacheDriver(CacheDriver.MEMORY)
	static class MemoryDriverConfiguration {

		@Bean
		MemoryCacheProvider cachePlatformMemoryCacheProvider(CachePlatformCacheProperties properties,
				TtlPolicy ttlPolicy) {
			return new MemoryCacheProvider(ttlPolicy, properties.getMaxCapacity(), properties.getCleanupInterval(),
					Ticker.systemTicker());
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(MemoryCacheProvider provider, Tenancy tenancy, Environment environment) {
			return new CachePlatformCacheManager(provider, tenancy, (cache) -> cache, initialCacheNames(environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY)
	@ConditionalOnCacheDriver({ CacheDriver.REDIS, CacheDriver.REDIS_CLUSTER, CacheDriver.REDIS_SENTINEL,
			CacheDriver.TIERED })
	static class RedisDriverConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheValueCodec cachePlatformCacheValueCodec(CachePlatformCacheProperties properties, BeanFactory beanFactory) {
			CachePlatformCacheProperties.Serialization serialization = properties.getSerialization();
			List<String> packages = new ArrayList<>(serialization.getAllowedPackages());
			if (AutoConfigurationPackages.has(beanFactory)) {
				packages.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			return new EnvelopeCodec(TypeAllowList.of(packages),
					(serialization.getFormat() == CachePlatformCacheProperties.ValueFormat.JDK) ? Format.JDK : Format.JSON,
					switch (serialization.getCompression()) {
						case LZ4 -> Compression.LZ4;
						case ZSTD -> Compression.ZSTD;
						case NONE -> Compression.NONE;
					}, (int) serialization.getCompressionThreshold().toBytes(), logger::warn);
		}

		@Bean
		CacheFaultPolicy cachePlatformRedisCacheFaultPolicy(CachePlatformCacheProperties properties,
				CacheFaultCounters counters) {
			CachePlatformCacheProperties.Breaker breaker = properties.getBreaker();
			return new CacheFaultPolicy("redis-cache", "Redis cache role",
					new CacheFaultSettings(breaker.getFailureRateThreshold(), breaker.getSlidingWindowSize(),
							breaker.getMinimumCalls(), breaker.getWaitInOpenState(), breaker.getSlowCallThreshold(),
							breaker.getLogInterval()),
					counters);
		}

		@Bean
		RedisCacheProvider cachePlatformRedisCacheProvider(
				@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory,
				CachePlatformCacheProperties properties, TtlPolicy ttlPolicy, CacheValueCodec codec,
				CacheFaultCounters counters, Environment environment) {
			if (properties.getDriver() == CacheDriver.TIERED) {
				logger.warn("CACHE_DRIVER=tiered: the in-process L1 is not available yet; caching in Redis only");
			}
			boolean statistics = environment.getProperty("spring.cache.redis.enable-statistics", Boolean.class, false);
			return new RedisCacheProvider(connectionFactory, properties.getPrefix(), ttlPolicy, codec, counters,
					statistics);
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(RedisCacheProvider provider, Tenancy tenancy, CacheFaultPolicy faults,
				Environment environment) {
			return new CachePlatformCacheManager(provider, tenancy, (cache) -> new FaultTolerantCache(cache, faults),
					initialCacheNames(environment));
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

	static List<String> initialCacheNames(Environment environment) {
		return Binder.get(environment).bind("spring.cache.cache-names", Bindable.listOf(String.class)).orElse(List.of());
	}

}

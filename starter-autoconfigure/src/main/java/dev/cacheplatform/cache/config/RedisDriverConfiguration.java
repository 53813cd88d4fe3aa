package dev.cacheplatform.cache.config;

import java.util.ArrayList;
import java.util.List;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheLayer;
import dev.cacheplatform.cache.CachePipeline;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.FaultTolerantCache;
import dev.cacheplatform.cache.fault.PendingReplay;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.cache.redis.RedisLoadLock;
import dev.cacheplatform.cache.redis.StockRedisCacheConfigurations;
import dev.cacheplatform.codec.CacheValueCodec;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.tenant.Tenancy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * The Redis drivers ({@code redis}, {@code redis-cluster}, {@code redis-sentinel}, and level two of
 * {@code tiered}): the pipeline is the Redis store on the cache role's connection behind fault tolerance,
 * with whatever {@link CacheLayer} beans the application context adds in front (the tiered driver's
 * in-process level, metrics), in their order. Also the codec that turns values into bytes.
 */
@Configuration(proxyBeanMethods = false)
@Import({ RedisDriverConfiguration.RedisStoreConfiguration.class,
		RedisDriverConfiguration.MissingCircuitBreakerConfiguration.class })
class RedisDriverConfiguration {

	private static final Log logger = LogFactory.getLog(RedisDriverConfiguration.class);

	private static final String REDIS_CACHE_MANAGER_BUILDER_CUSTOMIZER = "org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = RedisConnectionFactory.class, name = OptionalLibraries.CIRCUIT_BREAKER)
	@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY)
	@ConditionalOnCacheDriver({ CacheDriver.REDIS, CacheDriver.REDIS_CLUSTER, CacheDriver.REDIS_SENTINEL,
			CacheDriver.TIERED })
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheValueCodec cachePlatformCacheValueCodec(CachePlatformCacheProperties properties, BeanFactory beanFactory) {
			return ValueCodecs.create(properties, beanFactory, logger::warn);
		}

		@Bean
		@ConditionalOnMissingBean
		CacheFaultPolicy cachePlatformRedisCacheFaultPolicy(CachePlatformCacheProperties properties,
				CacheFaultCounters counters, ObjectProvider<CircuitBreakerRegistry> registry) {
			return FaultPolicies.create("redis-cache", "Redis cache role", properties, counters, registry.getIfAvailable());
		}

		@Bean
		PendingReplay cachePlatformPendingReplay(CacheFaultPolicy faults, CachePlatformCacheProperties properties) {
			return new PendingReplay(faults, properties.getBreaker().getReplayInterval());
		}

		@Bean
		StockRedisCacheConfigurations cachePlatformStockRedisCacheConfigurations(StockCacheSettings stock,
				ObjectProvider<RedisCacheConfiguration> configuration, ListableBeanFactory beanFactory,
				Environment environment) {
			RedisCacheConfiguration bean = configuration.getIfAvailable();
			if (bean == null) {
				stock.requireKeyPrefix(environment);
			}
			return StockRedisCacheConfigurations.create(bean, (builder) -> {
				if (ClassUtils.isPresent(REDIS_CACHE_MANAGER_BUILDER_CUSTOMIZER, null)) {
					BootRedisCacheCustomizers.apply(beanFactory, builder);
				}
			}, stock);
		}

		@Bean
		RedisCacheProvider cachePlatformRedisCacheProvider(
				@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory,
				CachePlatformCacheProperties properties, StockRedisCacheConfigurations stockConfigurations,
				StockCacheSettings stock, TtlPolicy ttlPolicy, CacheValueCodec codec, RedisEndpoints endpoints,
				Environment environment, ObjectProvider<RedisLoadLock> loadLock) {
			CacheDriver driver = properties.getDriver();
			if (driver != null) {
				driver.checkFits(endpoints.cache().topology(), environment);
			}
			RedisCacheProvider provider = new RedisCacheProvider(connectionFactory, stockConfigurations, ttlPolicy, codec,
					stock.statistics());
			provider.useLoadLock(loadLock.getIfAvailable());
			return provider;
		}

		@Bean
		@ConditionalOnProperty(name = "cache-platform.cache.load-lock.enabled", matchIfMissing = true)
		RedisLoadLock cachePlatformRedisLoadLock(
				@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory,
				CachePlatformCacheProperties properties) {
			return new RedisLoadLock(connectionFactory, properties.getLoadLock().getLease(),
					properties.getLoadLock().getMaxWait());
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(RedisCacheProvider provider, Tenancy tenancy, CacheFaultPolicy faults,
				StockCacheSettings stock, StockRedisCacheConfigurations stockConfigurations,
				CachePlatformCacheProperties properties, ObjectProvider<CacheLayer> outerLayers,
				@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory) {
			if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
				// The breaker's trial call after an outage opens a fresh connection instead of meeting one that
				// still waits out its reconnect backoff, so a server that is back is seen at once
				faults.beforeProbe(lettuce::resetConnection);
			}
			List<CacheLayer> layers = new ArrayList<>();
			layers.add((scope, cache) -> new FaultTolerantCache(cache, faults));
			outerLayers.orderedStream().forEach(layers::add);
			return new CachePlatformCacheManager(new CachePipeline(provider, layers, properties.getMaxTenantCaches()),
					tenancy, CacheNames.known(properties, stock, stockConfigurations.cacheNames()),
					CacheNames.shared(properties));
		}

	}

	/**
	 * Runs Spring Boot's {@code RedisCacheManagerBuilderCustomizer} beans; only loaded when Boot's cache module
	 * is on the class path.
	 */
	static final class BootRedisCacheCustomizers {

		private BootRedisCacheCustomizers() {
		}

		static void apply(ListableBeanFactory beanFactory, RedisCacheManager.RedisCacheManagerBuilder builder) {
			beanFactory.getBeanProvider(RedisCacheManagerBuilderCustomizer.class)
				.orderedStream()
				.forEach((customizer) -> customizer.customize(builder));
		}

	}

	/** A Redis driver without Resilience4j: a startup failure that names the library. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnMissingClass(OptionalLibraries.CIRCUIT_BREAKER)
	@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY)
	@ConditionalOnCacheDriver({ CacheDriver.REDIS, CacheDriver.REDIS_CLUSTER, CacheDriver.REDIS_SENTINEL,
			CacheDriver.TIERED })
	static class MissingCircuitBreakerConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CacheManager cacheManager(CachePlatformCacheProperties properties, Environment environment) {
			CacheDriver driver = (properties.getDriver() != null) ? properties.getDriver() : CacheDriver.REDIS;
			throw OptionalLibraries.circuitBreakerMissing(environment, driver);
		}

	}

}

package dev.cacheplatform.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.codec.CacheValueCodec;
import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.CacheFaultSettings;
import dev.cacheplatform.cache.fault.FaultTolerantCache;
import dev.cacheplatform.cache.fault.TypeCheckingCacheResolver;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.memory.StockCaffeineSpec;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.cache.redis.StockRedisCacheConfigurations;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import dev.cacheplatform.tenant.CachePlatformTenantProperties;
import dev.cacheplatform.tenant.HeaderTenantResolver;
import dev.cacheplatform.tenant.Tenancy;
import dev.cacheplatform.tenant.TenantResolver;
import dev.cacheplatform.tenant.TenantTaskDecorator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

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

	private static final String REDIS_CACHE_CONFIGURATION = "org.springframework.data.redis.cache.RedisCacheConfiguration";

	private static final String REDIS_CACHE_MANAGER_BUILDER_CUSTOMIZER = "org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer";

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
	@ConditionalOnMissingBean(CacheAspectSupport.class)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	/**
	 * Checks every {@code @Cacheable} hit against the method's return type (see
	 * {@link TypeCheckingCacheResolver}), unless the application configures caching itself.
	 */
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	@ConditionalOnCacheDriver(CacheDriver.MEMORY)
	static class MemoryDriverConfiguration {

		@Bean
		MemoryCacheProvider cachePlatformMemoryCacheProvider(CachePlatformCacheProperties properties,
				TtlPolicy ttlPolicy, StockCacheSettings stock, Environment environment) {
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
			return new MemoryCacheProvider(ttlPolicy, maxCapacity, properties.getCleanupInterval(),
					Ticker.systemTicker(), spec != null && spec.expiresAfterAccess() && !stock.ttlConfigured());
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(MemoryCacheProvider provider, Tenancy tenancy, StockCacheSettings stock,
				CachePlatformCacheProperties properties) {
			return new CachePlatformCacheManager(provider, tenancy, (cache) -> cache,
					knownCacheNames(properties, stock, List.of()), sharedCacheNames(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = RedisConnectionFactory.class, name = OptionalLibraries.CIRCUIT_BREAKER)
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
					switch (OptionalLibraries.compression(serialization.getCompression(), beanFactory)) {
						case LZ4 -> Compression.LZ4;
						case ZSTD -> Compression.ZSTD;
						case NONE -> Compression.NONE;
					}, (int) serialization.getCompressionThreshold().toBytes(),
					(int) serialization.getMaxValueSize().toBytes(), logger::warn);
		}

		@Bean
		@ConditionalOnMissingBean
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
		StockRedisCacheConfigurations cachePlatformStockRedisCacheConfigurations(StockCacheSettings stock,
				ObjectProvider<org.springframework.data.redis.cache.RedisCacheConfiguration> configuration,
				ListableBeanFactory beanFactory, Environment environment) {
			org.springframework.data.redis.cache.RedisCacheConfiguration bean = configuration.getIfAvailable();
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
				Environment environment) {
			CacheDriver driver = properties.getDriver();
			if (driver != null) {
				driver.checkFits(endpoints.cache().topology(), environment);
			}
			if (driver == CacheDriver.TIERED) {
				logger.warn("CACHE_DRIVER=tiered: the in-process L1 is not available yet; caching in Redis only");
			}
			return new RedisCacheProvider(connectionFactory, stockConfigurations, ttlPolicy, codec, stock.statistics());
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(RedisCacheProvider provider, Tenancy tenancy, CacheFaultPolicy faults,
				StockCacheSettings stock, StockRedisCacheConfigurations stockConfigurations,
				CachePlatformCacheProperties properties,
				@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory) {
			if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
				// The breaker's trial call after an outage opens a fresh connection instead of meeting one that
				// still waits out its reconnect backoff, so a server that is back is seen at once
				faults.beforeProbe(lettuce::resetConnection);
			}
			return new CachePlatformCacheManager(provider, tenancy, (cache) -> new FaultTolerantCache(cache, faults),
					knownCacheNames(properties, stock, stockConfigurations.cacheNames()), sharedCacheNames(properties));
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


	/** The caches every tenant shares ({@code cache-platform.cache.caches.<name>.shared}). */
	static Set<String> sharedCacheNames(CachePlatformCacheProperties properties) {
		Set<String> names = new LinkedHashSet<>();
		properties.getCaches().forEach((name, spec) -> {
			if (spec.isShared()) {
				names.add(name);
			}
		});
		return names;
	}

	/**
	 * The caches that exist from startup, so that the actuator lists and clears them before first use:
	 * the ones configured under {@code cache-platform.cache.caches} (or {@code CACHE_TTLS}), in
	 * {@code spring.cache.cache-names}, and in the application's own cache configurations.
	 */
	static Set<String> knownCacheNames(CachePlatformCacheProperties properties, StockCacheSettings stock,
			Collection<String> configured) {
		Set<String> names = new LinkedHashSet<>(stock.cacheNames());
		names.addAll(configured);
		names.addAll(properties.getCaches().keySet());
		return names;
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

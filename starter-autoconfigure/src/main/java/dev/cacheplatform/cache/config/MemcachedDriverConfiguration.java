package dev.cacheplatform.cache.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
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
import dev.cacheplatform.cache.memcached.MemcachedClients;
import dev.cacheplatform.cache.memcached.MemcachedProperties;
import dev.cacheplatform.cache.memcached.MemcachedServers;
import dev.cacheplatform.cache.memcached.MemcachedStore;
import dev.cacheplatform.codec.CacheValueCodec;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import dev.cacheplatform.tenant.Tenancy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import net.rubyeye.xmemcached.MemcachedClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * {@code CACHE_DRIVER=memcached}: the pipeline is the memcached store ({@link MemcachedStore}) behind the same
 * fault tolerance as the Redis store (breaker {@code memcached-cache}, call-through, kept evictions and clears),
 * with whatever {@link CacheLayer} beans the context adds in front (metrics), in their order. Values go through
 * the same codec as Redis's. No Redis connection is made for it. There is no tiered variant: level one over
 * memcached would need change reports memcached does not send.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemcachedProperties.class)
@ConditionalOnCacheDriver(CacheDriver.MEMCACHED)
@Import({ MemcachedDriverConfiguration.MemcachedStoreConfiguration.class,
		MemcachedDriverConfiguration.MissingClientConfiguration.class })
class MemcachedDriverConfiguration {

	private static final Log logger = LogFactory.getLog(MemcachedDriverConfiguration.class);

	static final String CLIENT = "net.rubyeye.xmemcached.MemcachedClient";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { CLIENT, OptionalLibraries.CIRCUIT_BREAKER })
	static class MemcachedStoreConfiguration {

		@Bean
		MemcachedServers cachePlatformMemcachedServers(MemcachedProperties properties, Environment environment) {
			return MemcachedServers.resolve(properties, environment);
		}

		@Bean(destroyMethod = "shutdown")
		MemcachedClient cachePlatformMemcachedClient(MemcachedServers servers, MemcachedProperties properties) {
			return MemcachedClients.create(servers, properties);
		}

		@Bean
		@ConditionalOnMissingBean
		CacheValueCodec cachePlatformCacheValueCodec(CachePlatformCacheProperties properties, BeanFactory beanFactory) {
			return ValueCodecs.create(properties, beanFactory, logger::warn);
		}

		@Bean
		@ConditionalOnMissingBean
		CacheFaultPolicy cachePlatformMemcachedCacheFaultPolicy(CachePlatformCacheProperties properties,
				CacheFaultCounters counters, ObjectProvider<CircuitBreakerRegistry> registry) {
			return FaultPolicies.create("memcached-cache", "Memcached cache", properties, counters, registry.getIfAvailable());
		}

		@Bean
		PendingReplay cachePlatformPendingReplay(CacheFaultPolicy faults, CachePlatformCacheProperties properties) {
			return new PendingReplay(faults, properties.getBreaker().getReplayInterval());
		}

		@Bean
		MemcachedStore cachePlatformMemcachedStore(MemcachedClient client, MemcachedServers servers,
				MemcachedProperties properties, StockCacheSettings stock, TtlPolicy ttlPolicy, CacheValueCodec codec,
				CacheFaultCounters counters) {
			return new MemcachedStore(client, servers, properties, stock.prefix(), ttlPolicy, codec, counters,
					Clock.systemUTC(), Ticker.systemTicker());
		}

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CachePlatformCacheManager cacheManager(MemcachedStore store, Tenancy tenancy, CacheFaultPolicy faults,
				StockCacheSettings stock, CachePlatformCacheProperties properties, ObjectProvider<CacheLayer> outerLayers) {
			List<CacheLayer> layers = new ArrayList<>();
			layers.add((scope, cache) -> new FaultTolerantCache(cache, faults));
			outerLayers.orderedStream().forEach(layers::add);
			return new CachePlatformCacheManager(new CachePipeline(store, layers, properties.getMaxTenantCaches()),
					tenancy, CacheNames.known(properties, stock, List.of()), CacheNames.shared(properties));
		}

	}

	/** The memcached driver without its client or Resilience4j: a startup failure that names the library. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(CLIENT)
	static class MissingClientConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		CacheManager cacheManager(Environment environment) {
			throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.cache.driver"),
					"memcached", "the memcached driver needs com.googlecode.xmemcached:xmemcached on the class path",
					"redis, memory or none, or add com.googlecode.xmemcached:xmemcached (the starter brings it)");
		}

	}

}

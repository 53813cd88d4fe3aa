package dev.cacheplatform.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.memcached.MemcachedStore;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisRole;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The operator endpoint {@link CachePlatformEndpoint} ({@code cacheplatform}), for Cache Platform's cache
 * manager. Like every actuator endpoint it exists only when exposed: Spring Boot exposes {@code health} alone
 * by default, so an application opts in with {@code management.endpoints.web.exposure.include=cacheplatform}
 * (and may keep it read-only with {@code management.endpoint.cacheplatform.access=read-only}). Hits and misses
 * come from Micrometer's {@code cache.gets} meters when Micrometer is present, the server checks' findings from a
 * {@link ServerSetupFindings} bean when there is one. Backs off when the application
 * defines its own endpoint bean.
 */
@AutoConfiguration(after = { CachePlatformRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
		CachePlatformSessionAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(CachePlatformCacheManager.class)
@ConditionalOnAvailableEndpoint(CachePlatformEndpoint.class)
public final class CachePlatformEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachePlatformEndpoint cachePlatformEndpoint(CachePlatformCacheManager manager, TtlPolicy ttlPolicy,
			CacheFaultCounters faults, CachePlatformCacheProperties cacheProperties,
			ObjectProvider<RedisEndpoints> endpoints, ObjectProvider<StockCacheSettings> stock,
			ObjectProvider<CachePlatformSessionProperties> sessionProperties, ObjectProvider<ServerSetupFindings> findings,
			ObjectProvider<NearCache> levelOne, ObjectProvider<CacheGets> gets, Environment environment) {
		StoreMaintenance store = (manager.getProvider() instanceof StoreMaintenance maintenance) ? maintenance
				: new UnsupportedStore(manager.getProvider());
		RedisEndpoints redis = endpoints.getIfAvailable();
		CacheDriver driver = CacheDriver.effective(cacheProperties.getDriver(),
				(redis != null) ? redis.cache().topology() : null);
		TtlPolicy ttl = (manager.getProvider() instanceof MemoryCacheProvider memory) ? memory.ttlPolicy() : ttlPolicy;
		Map<String, RoleDescriptor> roles = new LinkedHashMap<>();
		if (redis != null) {
			StockCacheSettings settings = stock.getIfAvailable();
			String cachePrefix = (manager.getProvider() instanceof RedisCacheProvider redisStore) ? redisStore.prefix()
					: (settings != null) ? settings.prefix() : cacheProperties.getPrefix();
			String sessionNamespace = CachePlatformSessionAutoConfiguration
				.namespace(sessionProperties.getIfAvailable(CachePlatformSessionProperties::new), environment);
			roles.put(RedisRole.CACHE.label(), RoleDescriptor.of(redis.cache(), cachePrefix));
			roles.put(RedisRole.SESSION.label(), RoleDescriptor.of(redis.session(), sessionNamespace + ":"));
			roles.put(RedisRole.DEFAULT.label(), RoleDescriptor.of(redis.defaultEndpoint(), null));
		}
		if (manager.getProvider() instanceof MemcachedStore memcached) {
			roles.put("cache", RoleDescriptor.of(memcached.servers(), memcached.prefix()));
		}
		return new CachePlatformEndpoint(manager, store, driver.settingValue(), roles,
				() -> findings.getIfAvailable(() -> List::of).findings(), new CacheReport(ttl, store, levelOne.getIfAvailable(), gets.getIfAvailable(() -> CacheGets.UNKNOWN), faults));
	}

	/** A store of the application's own, behind our manager: described, but not cleared or looked into. */
	private record UnsupportedStore(Object nativeStore) implements StoreMaintenance {

		@Override
		public long clear(CacheScope scope) {
			throw unsupported();
		}

		@Override
		public StoredEntry inspect(CacheScope scope, String key) {
			throw unsupported();
		}

		@Override
		public boolean evict(CacheScope scope, String key) {
			throw unsupported();
		}

		@Override
		public @Nullable Long size(String cacheName) {
			return null;
		}

		private UnsupportedOperationException unsupported() {
			return new UnsupportedOperationException(this.nativeStore.getClass().getName()
					+ " does not implement " + StoreMaintenance.class.getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MeterRegistryGetsConfiguration {

		@Bean
		CacheGets cachePlatformEndpointCacheGets(ObjectProvider<MeterRegistry> registry) {
			return new MeterRegistryCacheGets(registry);
		}

	}

}

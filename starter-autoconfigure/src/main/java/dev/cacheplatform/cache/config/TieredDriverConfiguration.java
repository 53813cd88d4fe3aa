package dev.cacheplatform.cache.config;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.cache.near.NearCache;
import dev.cacheplatform.cache.near.NearCacheLayer;
import dev.cacheplatform.cache.near.RedisKeyTracking;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.cache.redis.RedisLoadLock;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code CACHE_DRIVER=tiered}: the Redis pipeline ({@link RedisDriverConfiguration}) with level one, this
 * instance's memory, as its outermost layer, kept coherent by Redis's reports of changed keys.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Caffeine.class)
@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY)
@ConditionalOnCacheDriver(CacheDriver.TIERED)
class TieredDriverConfiguration {

	private static final Duration MIN_PING_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	NearCache cachePlatformNearCache(CachePlatformCacheProperties properties, TtlPolicy ttlPolicy,
			ObjectProvider<RedisLoadLock> loadLock) {
		NearCache near = new NearCache(properties.getMaxCapacity(), properties.getTiered().getLocalTtl(), ttlPolicy,
				Ticker.systemTicker());
		// Callers waiting for another instance's load read the value as soon as Redis reports it stored
		loadLock.ifAvailable((lock) -> near.whenKeyChanges(lock::wake));
		return near;
	}

	/**
	 * Redis's reports of changed keys under the cache prefix, on connections of its own, into level one. A
	 * silent connection (a network path that died without a FIN) is noticed within the check interval plus
	 * the PING's timeout: the cache role's command timeout, but at least 1 s, since a busy instance (all cores
	 * serving requests) answers its own PING late, and emptying level one then would only add load. A frozen
	 * server changes no keys, so it cannot make level one stale.
	 */
	@Bean
	RedisKeyTracking cachePlatformRedisKeyTracking(
			@Qualifier(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY) LettuceConnectionFactory connectionFactory,
			RedisCacheProvider provider, NearCache near, CachePlatformCacheProperties properties) {
		Duration timeout = connectionFactory.getClientConfiguration().getCommandTimeout();
		return new RedisKeyTracking(connectionFactory, provider.prefix(), near,
				properties.getTiered().getTrackingCheckInterval(),
				(timeout.compareTo(MIN_PING_TIMEOUT) < 0) ? MIN_PING_TIMEOUT : timeout);
	}

	/**
	 * Outer: a level-one hit skips every layer below, fault tolerance included. Not the very outermost
	 * ({@link NearCacheLayer#ORDER}), so a layer that sees the application's view (metrics) can sit in front.
	 */
	@Bean
	@Order(NearCacheLayer.ORDER)
	NearCacheLayer cachePlatformNearCacheLayer(NearCache near, RedisCacheProvider provider) {
		return new NearCacheLayer(near, provider);
	}

}

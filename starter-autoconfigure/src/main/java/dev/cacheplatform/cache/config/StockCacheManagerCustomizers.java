package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CachePlatformCacheManager;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.core.ResolvableType;

/**
 * Applies the application's {@link CacheManagerCustomizer} beans to our {@link CachePlatformCacheManager},
 * as Spring Boot applies them to the cache manager it creates (Boot's own cache auto-configuration backs off
 * once ours exists, so nobody else would). A customizer typed for {@code CacheManager} or
 * {@code CachePlatformCacheManager} is invoked; one typed for another manager ({@code RedisCacheManager},
 * {@code CaffeineCacheManager}, {@code JCacheCacheManager}, ...) cannot apply to ours and is skipped with one
 * warning naming it, rather than failing startup. Spring Data Redis settings belong in a
 * {@code RedisCacheConfiguration} bean or a {@code RedisCacheManagerBuilderCustomizer}, which our Redis driver
 * honours.
 */
final class StockCacheManagerCustomizers implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(StockCacheManagerCustomizers.class);

	private final ObjectProvider<CacheManagerCustomizer<?>> customizers;

	StockCacheManagerCustomizers(ObjectProvider<CacheManagerCustomizer<?>> customizers) {
		this.customizers = customizers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof CachePlatformCacheManager manager) {
			customize(manager);
		}
		return bean;
	}

	private void customize(CachePlatformCacheManager manager) {
		List<CacheManagerCustomizer<?>> all = this.customizers.orderedStream().toList();
		for (CacheManagerCustomizer<?> customizer : all) {
			Class<?> target = ResolvableType.forClass(CacheManagerCustomizer.class, customizer.getClass())
				.getGeneric(0)
				.resolve();
			if (target != null && !target.isInstance(manager)) {
				logger.warn("The CacheManagerCustomizer " + customizer.getClass().getName() + " customizes a "
						+ target.getName() + " and is not applied: Cache Platform's cache manager is a "
						+ CachePlatformCacheManager.class.getName() + ". Spring Data Redis settings go in a "
						+ "RedisCacheConfiguration bean or a RedisCacheManagerBuilderCustomizer, which apply to it");
			}
		}
		new CacheManagerCustomizers(all).customize(manager);
	}

}

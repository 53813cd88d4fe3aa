package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheDriver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the cache driver in effect is one of the given ones and Spring Boot's {@code spring.cache.type}
 * is not set (setting it hands caching back to Boot).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnCacheDriverCondition.class)
public @interface ConditionalOnCacheDriver {

	/** @return the drivers, one of which must be in effect */
	CacheDriver[] value();

}

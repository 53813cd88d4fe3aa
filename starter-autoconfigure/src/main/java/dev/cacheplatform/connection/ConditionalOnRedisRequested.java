package dev.cacheplatform.connection;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.cacheplatform.env.RedisLocation;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application asked for Redis (see {@link RedisLocation#isRequested}).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRedisRequestedCondition.class)
public @interface ConditionalOnRedisRequested {

}

package dev.cacheplatform.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the session store in effect is the given one: SESSION_STORE if set, else redis when a
 * Redis location is configured, else memory.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnSessionStoreCondition.class)
public @interface ConditionalOnSessionStore {

	/** @return the store that must be in effect */
	SessionStore value();

}

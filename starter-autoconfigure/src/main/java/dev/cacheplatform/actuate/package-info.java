/**
 * What operators reach through Spring Boot's actuator: the caches endpoint acting on every tenant.
 */
@NullMarked
package dev.cacheplatform.actuate;

import org.jspecify.annotations.NullMarked;

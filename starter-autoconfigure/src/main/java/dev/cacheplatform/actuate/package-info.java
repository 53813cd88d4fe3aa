/**
 * What operators reach through Spring Boot's actuator: the caches endpoint acting on every tenant, and the
 * {@code cacheplatform} endpoint (roles, caches, clearing a tenant, one key).
 */
@NullMarked
package dev.cacheplatform.actuate;

import org.jspecify.annotations.NullMarked;

/**
 * Fault tolerance shared by every driver: a cache fault is a miss, counted, logged at most once per interval, behind a circuit breaker.
 */
@NullMarked
package dev.cacheplatform.cache.fault;

import org.jspecify.annotations.NullMarked;

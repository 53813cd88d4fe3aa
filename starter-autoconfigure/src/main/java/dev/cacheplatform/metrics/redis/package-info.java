/**
 * Redis server gauges per role, read from {@code INFO} by one scheduled reader per server.
 */
@NullMarked
package dev.cacheplatform.metrics.redis;

import org.jspecify.annotations.NullMarked;

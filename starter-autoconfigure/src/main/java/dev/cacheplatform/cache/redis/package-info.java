/**
 * The Redis driver: key layout, TTL policy, clearing with SCAN and UNLINK.
 */
@NullMarked
package dev.cacheplatform.cache.redis;

import org.jspecify.annotations.NullMarked;

/**
 * The near cache's invalidation channel: Redis server-assisted client-side caching
 * ({@code CLIENT TRACKING} in broadcast mode) that tells every instance's L1 which keys changed in Redis.
 */
@NullMarked
package dev.cacheplatform.cache.near;

import org.jspecify.annotations.NullMarked;

/**
 * The memcached driver ({@code CACHE_DRIVER=memcached}): a store on one or several memcached servers
 * (consistent hashing) behind the same layers as the Redis store. Clears bump a generation number
 * that is part of every key, never {@code flush_all}.
 */
@NullMarked
package dev.cacheplatform.cache.memcached;

import org.jspecify.annotations.NullMarked;

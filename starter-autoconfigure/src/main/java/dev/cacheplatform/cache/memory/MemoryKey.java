package dev.cacheplatform.cache.memory;

import dev.cacheplatform.cache.CacheScope;

/**
 * A key in the shared store: which cache and tenant, and the caller's key.
 *
 * @param scope the cache and tenant
 * @param key the key given to the cache
 */
record MemoryKey(CacheScope scope, Object key) {
}

package dev.cacheplatform.cache;

/**
 * How a remote store names a cache key on its server, byte for byte: what the server reports when that key
 * changes, so a level in front (the tiered driver's in-process level) can tell which of its entries a
 * server-side change concerns.
 */
@FunctionalInterface
public interface StoreKeys {

	/**
	 * @param scope cache name and tenant
	 * @param key the cache key
	 * @return the key's bytes on the server, e.g. {@code <prefix><tenant>:<cache>::<key>} for Redis
	 */
	byte[] storeKey(CacheScope scope, Object key);

}

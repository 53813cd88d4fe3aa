package dev.cacheplatform.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What an operator does to a store directly, past the application's layers: clear a cache for one tenant or
 * all of them and say how many entries went, look one key up (whether it exists, its time to live, its size;
 * never its value) and evict it. Keys are named as an operator writes them: the key's text, as it appears
 * after {@code ::} in Redis. Implemented by the memory and Redis stores; each says what it sends.
 */
public interface StoreMaintenance {

	/**
	 * Removes the entries of one scope: {@link CacheScope#allTenants(String)} for every tenant and the
	 * untenanted entries, a tenant's scope for that tenant only, a scope without tenant for the untenanted ones.
	 * @param scope the cache and tenant
	 * @return how many entries were removed, or -1 when the store cannot count them (memcached)
	 */
	long clear(CacheScope scope);

	/**
	 * @param scope the cache and tenant (not all tenants)
	 * @param key the key's text
	 * @return what is known of the entry, or {@code null} when there is none
	 */
	@Nullable StoredEntry inspect(CacheScope scope, String key);

	/**
	 * @param scope the cache and tenant (not all tenants)
	 * @param key the key's text
	 * @return whether there was such an entry
	 */
	boolean evict(CacheScope scope, String key);

	/**
	 * @param cacheName the cache name
	 * @return how many entries of that cache (all tenants) this store holds, or {@code null} when it cannot tell
	 * cheaply
	 */
	@Nullable Long size(String cacheName);

	/**
	 * @return the library object entries live in (Caffeine's cache, the cache role's Redis connection
	 * factory), whose type Spring Boot's {@code caches} endpoint shows as a cache's target
	 */
	Object nativeStore();

	/**
	 * What is known of one stored entry; never its value.
	 *
	 * @param storeKey the key as the store names it, e.g. {@code acme:products::42} in Redis
	 * @param timeToLive how long it still lives, or {@code null} when it never expires
	 * @param sizeInBytes the stored value's size, or {@code null} when the store does not know it
	 * @param type the stored type: Redis's {@code TYPE} ({@code string} for every entry the starter writes), or
	 * the Java class of an in-memory value
	 */
	record StoredEntry(String storeKey, @Nullable Duration timeToLive, @Nullable Long sizeInBytes, String type) {
	}

}

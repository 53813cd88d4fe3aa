package dev.cacheplatform.cache;

import org.jspecify.annotations.Nullable;

/**
 * One cache as a driver stores it: a cache name, optionally for one tenant.
 *
 * @param cacheName the name used in {@code @Cacheable}
 * @param tenant the tenant id (already validated), or {@code null} without tenant scoping
 */
public record CacheScope(String cacheName, @Nullable String tenant) {

	/**
	 * @return {@code <tenant>:<cache>}, or the cache name alone without a tenant; the part of the key
	 * layout between the prefix and {@code ::}
	 */
	public String qualifiedName() {
		return (this.tenant != null) ? this.tenant + ":" + this.cacheName : this.cacheName;
	}

}

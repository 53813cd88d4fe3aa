package dev.cacheplatform.cache;

import org.jspecify.annotations.Nullable;

/**
 * One cache as a driver stores it: a cache name, optionally for one tenant.
 *
 * @param cacheName the name used in {@code @Cacheable}
 * @param tenant the tenant id (already validated), or {@code null} without tenant scoping
 */
public record CacheScope(String cacheName, @Nullable String tenant) {

	/** The tenant of {@link #allTenants(String)}: never a valid tenant id. */
	private static final String ALL_TENANTS = "*";

	/**
	 * @param cacheName the cache name
	 * @return the scope of a cache name across every tenant (and the untenanted one): only ever cleared
	 */
	public static CacheScope allTenants(String cacheName) {
		return new CacheScope(cacheName, ALL_TENANTS);
	}

	/** @return whether this scope stands for every tenant of its cache name */
	public boolean isAllTenants() {
		return ALL_TENANTS.equals(this.tenant);
	}

	/**
	 * @return {@code <tenant>:<cache>}, or the cache name alone without a tenant; the part of the key
	 * layout between the prefix and {@code ::}
	 */
	public String qualifiedName() {
		return (this.tenant != null) ? this.tenant + ":" + this.cacheName : this.cacheName;
	}

}

package dev.cacheplatform.tenant;

import org.jspecify.annotations.Nullable;

/**
 * Names the tenant of the current call. Define a bean of this type to resolve tenants your own way
 * (a JWT claim, a subdomain); it replaces the header-based one. An explicit {@link TenantScope} in code
 * still wins over it.
 */
@FunctionalInterface
public interface TenantResolver {

	/**
	 * @return the current tenant id, or {@code null} for none
	 */
	@Nullable String currentTenant();

}

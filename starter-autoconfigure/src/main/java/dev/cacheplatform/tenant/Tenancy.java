package dev.cacheplatform.tenant;

import org.jspecify.annotations.Nullable;

/**
 * Decides the tenant of the current call: an explicit {@link TenantScope} first, else the
 * {@link TenantResolver}. Every id is validated before it is used.
 */
public final class Tenancy {

	private final @Nullable TenantResolver resolver;

	/**
	 * @param resolver the resolver, or {@code null} when tenant scoping is off
	 */
	public Tenancy(@Nullable TenantResolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * @return the validated tenant id of the current call, or {@code null} for none
	 * @throws InvalidTenantIdException if the resolved id is not of the accepted form
	 */
	public @Nullable String currentTenant() {
		String explicit = TenantScope.current();
		if (explicit != null) {
			return explicit;
		}
		String resolved = (this.resolver != null) ? this.resolver.currentTenant() : null;
		return (resolved != null) ? TenantIds.validate(resolved) : null;
	}

}

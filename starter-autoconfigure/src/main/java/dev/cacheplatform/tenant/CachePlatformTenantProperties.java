package dev.cacheplatform.tenant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tenant scoping settings ({@code cache-platform.tenant.*}).
 */
@ConfigurationProperties("cache-platform.tenant")
public class CachePlatformTenantProperties {

	/**
	 * Request header that names the tenant, e.g. X-Tenant-ID. Set it only behind a gateway that
	 * controls the header; unset means no tenant scoping. Env: CACHE_TENANT_HEADER.
	 */
	private @Nullable String header;

	public @Nullable String getHeader() {
		return this.header;
	}

	public void setHeader(@Nullable String header) {
		this.header = header;
	}

}

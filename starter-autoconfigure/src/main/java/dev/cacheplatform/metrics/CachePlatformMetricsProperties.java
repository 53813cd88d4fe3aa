package dev.cacheplatform.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the cache meters ({@code cache-platform.metrics.*}).
 */
@ConfigurationProperties("cache-platform.metrics")
public class CachePlatformMetricsProperties {

	/** The default of {@link #getMaxTenants()}. */
	public static final int DEFAULT_MAX_TENANTS = 100;

	/** Whether every cache meter carries a {@code tenant} tag (untenanted calls: {@code none}). */
	private boolean tenantTag;

	/**
	 * The most distinct {@code tenant} tag values; calls of any further tenant are tagged {@code other}, so a
	 * hostile tenant header cannot grow the meter registry.
	 */
	private int maxTenants = DEFAULT_MAX_TENANTS;

	public boolean isTenantTag() {
		return this.tenantTag;
	}

	public void setTenantTag(boolean tenantTag) {
		this.tenantTag = tenantTag;
	}

	public int getMaxTenants() {
		return this.maxTenants;
	}

	public void setMaxTenants(int maxTenants) {
		this.maxTenants = maxTenants;
	}

}

package dev.cacheplatform.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.cacheplatform.cache.CacheScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@code tenant} tag's value of a scope, with a cap on distinct values: the first {@code maxTenants}
 * tenants keep their id, any later one is {@code other} (and one WARN says so), so a hostile tenant header
 * cannot grow the meter registry. Tenant ids reach here validated (safe charset and length).
 */
final class TenantTagValues {

	/** The value of calls without a tenant. */
	static final String NONE = "none";

	/** The value of every tenant beyond the cap. */
	static final String OTHER = "other";

	/** The value of an operation for every tenant at once (clearing a cache for all of them). */
	static final String ALL = "all";

	private static final Log logger = LogFactory.getLog(TenantTagValues.class);

	private final int maxTenants;

	private final Set<String> admitted = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean warned = new AtomicBoolean();

	TenantTagValues(int maxTenants) {
		if (maxTenants < 0) {
			throw new IllegalArgumentException(
					"cache-platform.metrics.max-tenants must be 0 or more, such as 100, but was " + maxTenants);
		}
		this.maxTenants = maxTenants;
	}

	String of(CacheScope scope) {
		if (scope.isAllTenants()) {
			return ALL;
		}
		String tenant = scope.tenant();
		if (tenant == null) {
			return NONE;
		}
		if (this.admitted.contains(tenant)) {
			return tenant;
		}
		synchronized (this.admitted) {
			if (this.admitted.size() < this.maxTenants) {
				this.admitted.add(tenant);
				return tenant;
			}
		}
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("More than " + this.maxTenants + " tenants use the caches: the cache meters of any further "
					+ "tenant are tagged tenant=other (raise cache-platform.metrics.max-tenants to see more)");
		}
		return OTHER;
	}

}

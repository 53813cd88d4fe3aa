package dev.cacheplatform.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.StoreMaintenance.StoredEntry;
import dev.cacheplatform.tenant.InvalidTenantIdException;
import dev.cacheplatform.tenant.TenantIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The operator endpoint {@code cacheplatform}: what the starter is running with, and a few precise repairs.
 * <ul>
 * <li>{@code GET /actuator/cacheplatform}: the driver; each Redis role (topology, server, database, prefix, TLS,
 * user; a password only as {@value #REDACTED}); the server checks' findings; each cache (TTL, size where
 * known, hits, misses, hit ratio, faults). {@code GET /actuator/cacheplatform/{cache}}: one cache.</li>
 * <li>{@code GET /actuator/cacheplatform/{cache}/{key}?tenant=}: whether one key exists, its time to live and
 * size; never its value.</li>
 * <li>{@code DELETE /actuator/cacheplatform/{cache}?tenant=}: clears one cache for every tenant, or for one
 * tenant, and says how many keys it removed. {@code DELETE /actuator/cacheplatform/{cache}/{key}?tenant=}:
 * evicts one key.</li>
 * </ul>
 * Every operation works on the cache store only (in Redis: the cache role's database; clears are {@code SCAN} +
 * {@code UNLINK} of the cache's own keys, a look-up {@code TYPE}, {@code PTTL}, {@code STRLEN}, an evict
 * {@code UNLINK}; never {@code KEYS}, {@code FLUSHDB} or anything in the session role). The tiered driver's
 * level one follows through Redis's change reports. A store that does not answer turns an operation into a
 * reply naming the failure, not an error page. Not exposed over HTTP unless the application exposes it
 * ({@code management.endpoints.web.exposure.include=cacheplatform}).
 */
@Endpoint(id = "cacheplatform")
public class CachePlatformEndpoint {

	/** How a password is shown: that there is one, never what it is. */
	public static final String REDACTED = "******";

	private static final Log logger = LogFactory.getLog(CachePlatformEndpoint.class);

	private final CachePlatformCacheManager manager;

	private final StoreMaintenance store;

	private final String driver;

	private final Map<String, RoleDescriptor> roles;

	private final ServerSetupFindings findings;

	private final CacheReport caches;

	CachePlatformEndpoint(CachePlatformCacheManager manager, StoreMaintenance store, String driver,
			Map<String, RoleDescriptor> roles, ServerSetupFindings findings, CacheReport caches) {
		this.manager = manager;
		this.store = store;
		this.driver = driver;
		this.roles = Map.copyOf(roles);
		this.findings = findings;
		this.caches = caches;
	}

	/** @return the driver, the roles, the server checks' findings and every cache */
	@ReadOperation
	public PlatformDescriptor platform() {
		Map<String, CacheDescriptor> caches = new LinkedHashMap<>();
		this.manager.getCacheNames().forEach((name) -> caches.put(name, this.caches.describe(name)));
		return new PlatformDescriptor(this.driver, new LinkedHashMap<>(this.roles),
				this.findings.findings(), caches);
	}

	/**
	 * @param cache a cache name
	 * @return the cache, or {@code null} (404) when this instance has no cache of that name
	 */
	@ReadOperation
	public @Nullable CacheDescriptor cache(@Selector String cache) {
		return this.manager.getCacheNames().contains(cache) ? this.caches.describe(cache) : null;
	}

	/**
	 * Looks one key up: whether it exists, its time to live and size; never its value.
	 * @param cache the cache name
	 * @param key the key's text, as after {@code ::} in Redis
	 * @param tenant the tenant, or {@code null} for the untenanted entry
	 * @return what is known of the entry
	 */
	@ReadOperation
	public KeyDescriptor key(@Selector String cache, @Selector String key, @Nullable String tenant) {
		CacheScope scope = new CacheScope(cacheName(cache), tenant(tenant));
		try {
			StoredEntry entry = this.store.inspect(scope, key);
			return (entry != null) ? new KeyDescriptor(cache, tenant, key, true, entry.storeKey(),
					(entry.timeToLive() != null) ? entry.timeToLive().toString() : "none", entry.sizeInBytes(),
					entry.type(), null) : new KeyDescriptor(cache, tenant, key, false, null, null, null, null, null);
		}
		catch (RuntimeException ex) {
			return new KeyDescriptor(cache, tenant, key, false, null, null, null, null, failure("look up a key", ex));
		}
	}

	/**
	 * Clears one cache for every tenant, or for one tenant.
	 * @param cache the cache name
	 * @param tenant the tenant, or {@code null} for every tenant and the untenanted entries
	 * @return how many keys were removed
	 */
	@DeleteOperation
	public ClearDescriptor clear(@Selector String cache, @Nullable String tenant) {
		String name = cacheName(cache);
		CacheScope scope = (tenant != null) ? new CacheScope(name, tenant(tenant)) : CacheScope.allTenants(name);
		try {
			long removed = this.store.clear(scope);
			logger.info("Operator cleared cache '" + name + "' for " + ((tenant != null) ? "tenant '" + tenant + "'"
					: "every tenant") + " through the cacheplatform endpoint: "
					+ ((removed >= 0) ? removed + " keys removed" : "the store cannot count the keys"));
			return new ClearDescriptor(name, tenant, (removed >= 0) ? removed : null, null);
		}
		catch (RuntimeException ex) {
			return new ClearDescriptor(name, tenant, null, failure("clear cache '" + name + "'", ex));
		}
	}

	/**
	 * Evicts one key.
	 * @param cache the cache name
	 * @param key the key's text, as after {@code ::} in Redis
	 * @param tenant the tenant, or {@code null} for the untenanted entry
	 * @return whether there was such a key
	 */
	@DeleteOperation
	public EvictDescriptor evict(@Selector String cache, @Selector String key, @Nullable String tenant) {
		CacheScope scope = new CacheScope(cacheName(cache), tenant(tenant));
		try {
			boolean evicted = this.store.evict(scope, key);
			logger.info("Operator evicted a key of cache '" + cache + "'"
					+ ((tenant != null) ? " for tenant '" + tenant + "'" : "") + " through the cacheplatform endpoint"
					+ (evicted ? "" : " (there was none)"));
			return new EvictDescriptor(cache, tenant, key, evicted, null);
		}
		catch (RuntimeException ex) {
			return new EvictDescriptor(cache, tenant, key, null, failure("evict a key of cache '" + cache + "'", ex));
		}
	}

	// A cache name reaches a SCAN pattern (escaped) and a log line: no control characters in either
	private static String cacheName(String cache) {
		if (cache.isBlank() || cache.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			throw new InvalidEndpointRequestException("Cache name '" + cache.replaceAll("\\p{Cntrl}", "?")
					+ "' is not a cache name: give a cache's name, without control characters", "invalid cache name");
		}
		return cache;
	}

	private static @Nullable String tenant(@Nullable String tenant) {
		if (tenant == null) {
			return null;
		}
		try {
			return TenantIds.validate(tenant);
		}
		catch (InvalidTenantIdException ex) {
			throw new InvalidEndpointRequestException("Parameter 'tenant': " + ex.getMessage(), "invalid tenant");
		}
	}

	// The exception's type only: a driver's message may carry more than an operator's reply should
	private static String failure(String what, RuntimeException ex) {
		logger.warn("The cacheplatform endpoint could not " + what + ": " + ex.getClass().getName());
		return "the cache store did not answer (" + ex.getClass().getSimpleName() + ")";
	}

	/**
	 * What the endpoint shows.
	 *
	 * @param driver the cache driver in effect ({@code CACHE_DRIVER})
	 * @param roles each Redis role by name ({@code cache}, {@code session}, {@code default}); empty without Redis
	 * @param serverFindings what the server checks found wrong with a role's server, from their last run
	 * @param caches each cache this instance knows, by name
	 */
	public record PlatformDescriptor(String driver, Map<String, RoleDescriptor> roles,
			List<FindingDescriptor> serverFindings, Map<String, CacheDescriptor> caches) implements OperationResponseBody {
	}

	/**
	 * One server check finding.
	 *
	 * @param role the role whose server it is
	 * @param server the server (host:port), never with credentials
	 * @param problem what goes wrong with the server as it is
	 * @param fix what to set instead
	 */
	public record FindingDescriptor(String role, String server, String problem, String fix) {
	}

	/**
	 * One cache. A value that cannot be known reads {@code "unknown"}.
	 *
	 * @param name the cache name
	 * @param ttl the configured time to live (ISO-8601, e.g. {@code PT5M}), or {@code none}
	 * @param size entries held in memory, every tenant (memory driver; level one of the tiered driver), or
	 * {@code "unknown"} (Redis: counting would scan the whole database)
	 * @param hits reads that found an entry, from the {@code cache.gets} meters, or {@code "unknown"}
	 * @param misses reads that found none, or {@code "unknown"}
	 * @param hitRatio hits over reads, {@code null} before the first read, or {@code "unknown"}
	 * @param faults what went wrong, by kind, every tenant (see {@code CacheFaultCounters})
	 */
	public record CacheDescriptor(String name, String ttl, Object size, Object hits, Object misses,
			@Nullable Object hitRatio, Map<String, Long> faults) implements OperationResponseBody {
	}

	/**
	 * One key, never its value.
	 *
	 * @param cache the cache name
	 * @param tenant the tenant, or {@code null}
	 * @param key the key's text
	 * @param exists whether the store holds it
	 * @param storeKey the key as the store names it
	 * @param timeToLive how long it still lives (ISO-8601), or {@code none}
	 * @param sizeInBytes the stored value's size, where the store knows it (Redis)
	 * @param type the stored type (Redis's {@code TYPE}; an in-memory value's class)
	 * @param error why the store could not be asked, or {@code null}
	 */
	public record KeyDescriptor(String cache, @Nullable String tenant, String key, boolean exists,
			@Nullable String storeKey, @Nullable String timeToLive, @Nullable Long sizeInBytes, @Nullable String type,
			@Nullable String error) implements OperationResponseBody {
	}

	/**
	 * What a clear did.
	 *
	 * @param cache the cache name
	 * @param tenant the tenant, or {@code null} for every tenant
	 * @param removed how many keys were removed, or {@code null} when it failed or the store cannot count them
	 * (memcached, where a clear moves a generation number on)
	 * @param error why it failed, or {@code null}
	 */
	public record ClearDescriptor(String cache, @Nullable String tenant, @Nullable Long removed,
			@Nullable String error) implements OperationResponseBody {
	}

	/**
	 * What an evict did.
	 *
	 * @param cache the cache name
	 * @param tenant the tenant, or {@code null}
	 * @param key the key's text
	 * @param evicted whether there was such a key, or {@code null} when it failed
	 * @param error why it failed, or {@code null}
	 */
	public record EvictDescriptor(String cache, @Nullable String tenant, String key, @Nullable Boolean evicted,
			@Nullable String error) implements OperationResponseBody {
	}

}

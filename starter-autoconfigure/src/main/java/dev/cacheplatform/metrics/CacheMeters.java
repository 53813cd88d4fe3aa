package dev.cacheplatform.metrics;

import dev.cacheplatform.cache.CacheScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one driver's caches, by scope: the names and tags of the meter contract (Spring Boot's
 * {@code cache.gets}, {@code cache.puts}, ... tagged {@code cache}, {@code cache.manager}, {@code driver}, and
 * {@code tenant} when switched on, except the latency histogram) and the {@code cache.get}/{@code cache.put} observations. Meters are looked
 * up once per assembled cache, never per call.
 */
final class CacheMeters {

	private final MeterRegistry registry;

	private final ObservationRegistry observations;

	private final String cacheManager;

	private final String driver;

	private final @Nullable TenantTagValues tenants;

	/**
	 * @param registry where meters go
	 * @param observations where observations go ({@link ObservationRegistry#NOOP} for none)
	 * @param cacheManager the cache manager's bean name, as Spring Boot tags its cache meters
	 * @param driver the driver's setting value, e.g. {@code redis-cluster}
	 * @param tenants the tenant tag's values, or {@code null} without a tenant tag
	 */
	CacheMeters(MeterRegistry registry, ObservationRegistry observations, String cacheManager, String driver,
			@Nullable TenantTagValues tenants) {
		this.registry = registry;
		this.observations = observations;
		this.cacheManager = cacheManager;
		this.driver = driver;
		this.tenants = tenants;
	}

	MeterRegistry registry() {
		return this.registry;
	}

	String driver() {
		return this.driver;
	}

	/** @return the tags every meter of the driver carries, without the cache's own */
	Tags driverTags() {
		return Tags.of("cache.manager", this.cacheManager, "driver", this.driver);
	}

	/** @return the tags of a scope's meters */
	Tags tags(CacheScope scope) {
		Tags tags = untenantedTags(scope);
		return (this.tenants != null) ? tags.and("tenant", this.tenants.of(scope)) : tags;
	}

	// name: Spring Boot's cache meters carry the cache name twice, and an application's queries may use either
	private Tags untenantedTags(CacheScope scope) {
		return driverTags().and("cache", scope.cacheName()).and("name", scope.cacheName());
	}

	/** @return whether the scope's tenant tag names that tenant alone (not {@code other}, not all tenants) */
	boolean hasOwnTenantTag(CacheScope scope) {
		return this.tenants != null && !scope.isAllTenants() && !TenantTagValues.OTHER.equals(this.tenants.of(scope));
	}

	/**
	 * The application's view of a scope.
	 * @param latencyLevel the {@code level} of the backend latency measured at this layer, or {@code null}
	 * @param perLevel whether this layer also counts level one of the tiered driver
	 */
	ScopeMeters application(CacheScope scope, @Nullable String latencyLevel, boolean perLevel) {
		Tags tags = tags(scope);
		return new ScopeMeters(scope.cacheName(), counter("cache.gets", tags.and("result", "hit")),
				counter("cache.gets", tags.and("result", "miss")), counter("cache.puts", tags),
				counter("cache.removals", tags), counter("cache.clears", tags),
				Timer.builder("cache.loads").tags(tags).tag("result", "success").register(this.registry),
				Timer.builder("cache.loads").tags(tags).tag("result", "failure").register(this.registry),
				(latencyLevel != null) ? latency(scope, "get", latencyLevel) : null,
				(latencyLevel != null) ? latency(scope, "put", latencyLevel) : null,
				perLevel ? counter("cache.level.gets", tags.and("level", "local").and("result", "hit")) : null,
				perLevel ? counter("cache.level.gets", tags.and("level", "local").and("result", "miss")) : null);
	}

	/** Level two of the tiered driver: its gets and latency. */
	ScopeMeters levelTwo(CacheScope scope) {
		Tags tags = tags(scope);
		return new ScopeMeters(scope.cacheName(),
				counter("cache.level.gets", tags.and("level", "redis").and("result", "hit")),
				counter("cache.level.gets", tags.and("level", "redis").and("result", "miss")), null, null, null, null,
				null, latency(scope, "get", "redis"), latency(scope, "put", "redis"), null, null);
	}

	/**
	 * @param name {@code cache.get} or {@code cache.put}
	 * @param cacheName the cache
	 * @return the started observation, or {@code null} when nothing observes
	 */
	@Nullable Observation start(String name, String cacheName) {
		if (this.observations.isNoop()) {
			return null;
		}
		return Observation.createNotStarted(name, this.observations)
			.contextualName(name + " " + cacheName)
			.lowCardinalityKeyValue("cache", cacheName)
			.lowCardinalityKeyValue("driver", this.driver)
			.start();
	}

	private Counter counter(String name, Tags tags) {
		return Counter.builder(name).tags(tags).register(this.registry);
	}

	// Never tagged by tenant: its ~70 histogram buckets per tag set would multiply by every tenant tagged
	private Timer latency(CacheScope scope, String operation, String level) {
		return Timer.builder("cache.backend.latency")
			.description("The backend call of a cache get or put, never the cached method")
			.tags(untenantedTags(scope))
			.tag("operation", operation)
			.tag("level", level)
			.publishPercentileHistogram()
			.register(this.registry);
	}

	/** The meters of one scope at one layer; a {@code null} meter is not measured there. */
	record ScopeMeters(String cacheName, Counter hits, Counter misses, @Nullable Counter puts,
			@Nullable Counter removals, @Nullable Counter clears, @Nullable Timer loadSuccess,
			@Nullable Timer loadFailure, @Nullable Timer getLatency, @Nullable Timer putLatency,
			@Nullable Counter levelOneHits, @Nullable Counter levelOneMisses) {
	}

}

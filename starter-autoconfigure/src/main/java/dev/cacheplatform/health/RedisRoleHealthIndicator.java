package dev.cacheplatform.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.connection.RedisRole;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one Redis role, from its server's {@link RedisServerProbe} (a {@code PING}, shared with the
 * other roles on that server).
 * <ul>
 * <li>{@code cache}: never {@code DOWN}, because cached methods answer by calling through while the cache
 * server is away. An unreachable server or a breaker that is not closed reports {@value #DEGRADED} with
 * the breaker state and the last fault the breaker recorded ({@code lastFault}: kind, time, cache and
 * message, as cached calls met it); the aggregate status ignores it.</li>
 * <li>{@code session} and {@code default}: {@code DOWN} when the server does not answer; the session role
 * is a member of the readiness group (see {@link SessionReadinessGroups}).</li>
 * </ul>
 * Details: role, server (host:port, never credentials), database, and when something is wrong the probe's
 * own error ({@code error}). Messages have any URL password masked.
 */
final class RedisRoleHealthIndicator implements HealthIndicator {

	/** Status code of a cache role that does not work: calls go through to the methods. */
	static final String DEGRADED = "DEGRADED";

	private final RedisRole role;

	private final int database;

	private final RedisServerProbe probe;

	private final Supplier<@Nullable CacheFaultPolicy> faults;

	/**
	 * @param faults the cache role's breaker and faults; supplies {@code null} for other roles
	 */
	RedisRoleHealthIndicator(RedisRole role, int database, RedisServerProbe probe,
			Supplier<@Nullable CacheFaultPolicy> faults) {
		this.role = role;
		this.database = database;
		this.probe = probe;
		this.faults = faults;
	}

	@Override
	public Health health() {
		RedisServerProbe.Result result = this.probe.probe(this.role);
		Health.Builder builder = new Health.Builder().withDetail("role", this.role.label())
			.withDetail("server", this.probe.server())
			.withDetail("database", this.database);
		CacheFaultPolicy faults = this.faults.get();
		String breaker = (faults != null) ? faults.state().name() : null;
		if (breaker != null) {
			builder.withDetail("breaker", breaker);
		}
		if (!result.reachable()) {
			builder.withDetail("error", String.valueOf(result.error()));
		}
		if (this.role == RedisRole.CACHE) {
			boolean working = result.reachable() && (breaker == null || "CLOSED".equals(breaker));
			CacheFaultPolicy.LastFault last = (faults != null) ? faults.lastFault() : null;
			if (!working && last != null) {
				builder.withDetail("lastFault", describe(last));
			}
			return builder.status(working ? Status.UP : new Status(DEGRADED,
					"cached methods are called through until the cache server answers again"))
				.build();
		}
		return builder.status(result.reachable() ? Status.UP : Status.DOWN).build();
	}

	private static Map<String, Object> describe(CacheFaultPolicy.LastFault fault) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("kind", fault.kind());
		described.put("time", fault.time().toString());
		described.put("cache", fault.cacheName());
		described.put("message", fault.message());
		return described;
	}

}

package dev.cacheplatform.metrics.redis;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The Redis server gauges of each role, tagged {@code role} ({@code cache}, {@code session}) and
 * {@code server} (host:port, never credentials), all read from the shared {@link RedisInfoReader} of the
 * role's server: {@code redis.memory.used}, {@code redis.memory.max} (0 = no limit),
 * {@code redis.memory.fragmentation.ratio}, {@code redis.clients.connected}, {@code redis.ops.per.second},
 * and the function counters {@code redis.keyspace.hits}, {@code redis.keyspace.misses},
 * {@code redis.keys.evicted}, {@code redis.keys.expired}. Reading a meter sends nothing to Redis.
 */
public final class RedisInfoMeterBinder implements MeterBinder {

	private final Map<String, RedisInfoReader> readersByRole;

	private final RedisInfoScheduler scheduler;

	/**
	 * Creates the binder.
	 * @param readersByRole each role in use ({@code cache}, {@code session}) with its server's reader
	 * @param scheduler the schedule that refreshes the readers, started on the first binding
	 */
	public RedisInfoMeterBinder(Map<String, RedisInfoReader> readersByRole, RedisInfoScheduler scheduler) {
		this.readersByRole = Map.copyOf(readersByRole);
		this.scheduler = scheduler;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.scheduler.start();
		this.readersByRole.forEach((role, reader) -> {
			Tags tags = Tags.of("role", role, "server", reader.server());
			gauge(registry, "redis.memory.used", "Memory used by the role's Redis server", BaseUnits.BYTES, tags,
					reader, (r) -> r.sum("used_memory"));
			gauge(registry, "redis.memory.max", "maxmemory of the role's Redis server (0 = no limit)", BaseUnits.BYTES,
					tags, reader, (r) -> r.sum("maxmemory"));
			gauge(registry, "redis.memory.fragmentation.ratio", "Resident to used memory of the role's Redis server",
					null, tags, reader, (r) -> r.average("mem_fragmentation_ratio"));
			gauge(registry, "redis.clients.connected", "Clients connected to the role's Redis server", null, tags,
					reader, (r) -> r.sum("connected_clients"));
			gauge(registry, "redis.ops.per.second", "Commands per second the role's Redis server processes", null,
					tags, reader, (r) -> r.sum("instantaneous_ops_per_sec"));
			counter(registry, "redis.keyspace.hits", "Successful key lookups on the role's Redis server", tags, reader,
					"keyspace_hits");
			counter(registry, "redis.keyspace.misses", "Failed key lookups on the role's Redis server", tags, reader,
					"keyspace_misses");
			counter(registry, "redis.keys.evicted", "Keys the role's Redis server evicted for maxmemory", tags, reader,
					"evicted_keys");
			counter(registry, "redis.keys.expired", "Keys the role's Redis server expired", tags, reader,
					"expired_keys");
		});
	}

	private static void gauge(MeterRegistry registry, String name, String description, @Nullable String baseUnit, Tags tags,
			RedisInfoReader reader, ToDoubleFunction<RedisInfoReader> value) {
		Gauge.builder(name, reader, value).description(description).baseUnit(baseUnit).tags(tags).register(registry);
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags,
			RedisInfoReader reader, String field) {
		FunctionCounter.builder(name, reader, (r) -> r.sum(field)).description(description).tags(tags)
			.register(registry);
	}

}

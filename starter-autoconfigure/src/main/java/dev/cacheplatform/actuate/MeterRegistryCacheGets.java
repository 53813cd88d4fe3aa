package dev.cacheplatform.actuate;

import java.util.Collection;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Hits and misses from the {@code cache.gets} meters ({@code cache}, {@code result=hit|miss}; Spring Boot's
 * name, and the metrics of Cache Platform's drivers), summed over every other tag (tenant, cache manager).
 * Unknown while the registry has no {@code cache.gets} meter at all (metrics are not bound to the caches); once
 * it has some, a cache without one has not been read.
 */
final class MeterRegistryCacheGets implements CacheGets {

	private static final String GETS = "cache.gets";

	private final ObjectProvider<MeterRegistry> registry;

	MeterRegistryCacheGets(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Counts of(String cacheName) {
		MeterRegistry registry = this.registry.getIfUnique();
		if (registry == null || registry.find(GETS).meters().isEmpty()) {
			return null;
		}
		return new Counts(count(registry.find(GETS).tag("cache", cacheName).tag("result", "hit").meters()),
				count(registry.find(GETS).tag("cache", cacheName).tag("result", "miss").meters()));
	}

	// Counters and function counters alike (Boot binds cache.gets as function counters)
	private static long count(Collection<Meter> meters) {
		double total = 0;
		for (Meter meter : meters) {
			for (Measurement measurement : meter.measure()) {
				if (measurement.getStatistic() == Statistic.COUNT) {
					total += measurement.getValue();
				}
			}
		}
		return Math.round(total);
	}

}

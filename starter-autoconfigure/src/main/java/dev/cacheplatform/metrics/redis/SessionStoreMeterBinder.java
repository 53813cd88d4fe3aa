package dev.cacheplatform.metrics.redis;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.cacheplatform.session.redis.SessionStoreCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The Redis session store's counters as meters tagged {@code store=redis}: {@code session.store.requests}
 * (requests that used the store), {@code session.store.reads}, {@code session.store.writes},
 * {@code session.store.commands} and {@code session.store.failures} tagged {@code kind}
 * ({@code unavailable}, {@code unreadable}). Commands per request is
 * {@code rate(session_store_commands_total) / rate(session_store_requests_total)}.
 */
public final class SessionStoreMeterBinder implements MeterBinder {

	private static final Tags TAGS = Tags.of("store", "redis");

	private final SessionStoreCounters counters;

	/**
	 * Creates the binder.
	 * @param counters the Redis session store's counters
	 */
	public SessionStoreMeterBinder(SessionStoreCounters counters) {
		this.counters = counters;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "session.store.requests", "Requests that used the session store", TAGS,
				SessionStoreCounters::requests);
		counter(registry, "session.store.reads", "Session look-ups that read the store", TAGS,
				SessionStoreCounters::reads);
		counter(registry, "session.store.writes", "Session saves and deletes that wrote to the store", TAGS,
				SessionStoreCounters::writes);
		counter(registry, "session.store.commands", "Redis commands the session store sent", TAGS,
				SessionStoreCounters::commands);
		for (SessionStoreCounters.Failure kind : SessionStoreCounters.Failure.values()) {
			counter(registry, "session.store.failures", "Session store operations that failed",
					TAGS.and("kind", kind.name().toLowerCase(Locale.ROOT)), (c) -> c.failures(kind));
		}
	}

	private void counter(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<SessionStoreCounters> value) {
		FunctionCounter.builder(name, this.counters, value).description(description).tags(tags).register(registry);
	}

}

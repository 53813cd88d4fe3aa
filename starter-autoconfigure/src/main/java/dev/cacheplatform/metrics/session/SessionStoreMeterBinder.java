package dev.cacheplatform.metrics.session;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.cacheplatform.session.redis.SessionStoreCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A session store's counters as meters tagged {@code store} ({@code redis} or {@code memory}):
 * {@code session.store.reads}, {@code session.store.writes}, and where the store can tell them
 * {@code session.store.requests} (requests that used the store), {@code session.store.commands} and
 * {@code session.store.failures} tagged {@code kind} ({@code unavailable}, {@code unreadable}). Commands per
 * request is {@code rate(session_store_commands_total) / rate(session_store_requests_total)}. Only meters that
 * can move are registered: the memory store sends no commands and cannot fail.
 */
public final class SessionStoreMeterBinder implements MeterBinder {

	/** What a store's counters hold. */
	public enum Counted {

		/** Cache Platform's Redis repository: requests, reads, writes, commands and failures. */
		EVERYTHING,

		/** Spring Session's indexed repository, counted around it: reads, writes and failures. */
		READS_WRITES_FAILURES,

		/** The memory store: reads and writes. */
		READS_WRITES

	}

	private final SessionStoreCounters counters;

	private final Tags tags;

	private final Counted counted;

	/**
	 * Creates the binder.
	 * @param counters the store's counters
	 * @param store the {@code store} tag's value, {@code redis} or {@code memory}
	 * @param counted which of the counters the store keeps
	 */
	public SessionStoreMeterBinder(SessionStoreCounters counters, String store, Counted counted) {
		this.counters = counters;
		this.tags = Tags.of("store", store);
		this.counted = counted;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "session.store.reads", "Session look-ups that read the store", this.tags,
				SessionStoreCounters::reads);
		counter(registry, "session.store.writes", "Session saves and deletes that wrote to the store", this.tags,
				SessionStoreCounters::writes);
		if (this.counted == Counted.EVERYTHING) {
			counter(registry, "session.store.requests", "Requests that used the session store", this.tags,
					SessionStoreCounters::requests);
			counter(registry, "session.store.commands", "Redis commands the session store sent", this.tags,
					SessionStoreCounters::commands);
		}
		if (this.counted != Counted.READS_WRITES) {
			for (SessionStoreCounters.Failure kind : SessionStoreCounters.Failure.values()) {
				counter(registry, "session.store.failures", "Session store operations that failed",
						this.tags.and("kind", kind.name().toLowerCase(Locale.ROOT)), (c) -> c.failures(kind));
			}
		}
	}

	private void counter(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<SessionStoreCounters> value) {
		FunctionCounter.builder(name, this.counters, value).description(description).tags(tags).register(registry);
	}

}

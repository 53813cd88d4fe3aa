package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Nanoseconds that only move when a test says so.
 */
final class FakeTicker implements LongSupplier {

	private final AtomicLong nanos = new AtomicLong(123_456_789_000L);

	@Override
	public long getAsLong() {
		return this.nanos.get();
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}

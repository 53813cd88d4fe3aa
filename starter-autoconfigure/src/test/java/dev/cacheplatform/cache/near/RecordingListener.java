package dev.cacheplatform.cache.near;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Records what a {@link RedisKeyTracking} tells its listener, in order: {@code "key:<key>"}, {@code "all"},
 * {@code "active"}, {@code "inactive"}.
 */
final class RecordingListener implements InvalidationListener {

	/** Generous: deliveries are asynchronous, and the machine is shared by several builds. */
	static final Duration BOUND = Duration.ofSeconds(15);

	private final List<String> events = new ArrayList<>();

	@Override
	public synchronized void invalidated(byte[] key) {
		this.events.add("key:" + new String(key, StandardCharsets.UTF_8));
	}

	@Override
	public synchronized void invalidatedAll() {
		this.events.add("all");
	}

	@Override
	public synchronized void trackingActive(boolean active) {
		this.events.add(active ? "active" : "inactive");
	}

	synchronized List<String> events() {
		return new ArrayList<>(this.events);
	}

	synchronized void clear() {
		this.events.clear();
	}

	/** Waits until the event has been recorded, and returns everything recorded so far. */
	List<String> awaitEvent(String event) {
		await().atMost(BOUND).until(() -> events().contains(event));
		return events();
	}

	/** Waits until the event has been recorded {@code times} times. */
	List<String> awaitEvent(String event, int times) {
		await().atMost(BOUND).until(() -> events().stream().filter(event::equals).count() >= times);
		return events();
	}

}

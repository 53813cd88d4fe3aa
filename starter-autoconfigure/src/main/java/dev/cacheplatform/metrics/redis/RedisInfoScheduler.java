package dev.cacheplatform.metrics.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.DisposableBean;

/**
 * One daemon thread that refreshes every server's {@link RedisInfoReader} at a modest interval
 * ({@code cache-platform.metrics.redis-info-interval}, 15 s by default), so that scrapes read memory
 * and never send a command. Starts when the gauges are first bound to a registry: without one, nothing
 * is read.
 */
public final class RedisInfoScheduler implements DisposableBean {

	private final List<RedisInfoReader> readers;

	private final Duration interval;

	private final AtomicBoolean started = new AtomicBoolean();

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cache-platform-redis-info");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the scheduler.
	 * @param readers one reader per distinct server
	 * @param interval how often each server is read
	 */
	public RedisInfoScheduler(List<RedisInfoReader> readers, Duration interval) {
		this.readers = List.copyOf(readers);
		this.interval = interval;
	}

	/** @return the readers, one per distinct server */
	public List<RedisInfoReader> readers() {
		return this.readers;
	}

	/** Reads every server now, as the schedule does. */
	public void refreshAll() {
		this.readers.forEach(RedisInfoReader::refresh);
	}

	/** Starts reading every server now and then at the interval; later calls do nothing. */
	public void start() {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::refreshAll, 0, millis, TimeUnit.MILLISECONDS);
	}

	/** Waits until the reads due by now have run (the first one is due at start); for tests. */
	void awaitDueReads() throws Exception {
		this.executor.schedule(() -> {
		}, 0, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

package dev.cacheplatform.cache.fault;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;

/**
 * Tries every {@code interval} to send the evictions and clears kept from an outage
 * ({@link CacheFaultPolicy#replayPending()}), so they reach Redis, and through its change reports every
 * instance's level one, as soon as Redis answers again rather than at this instance's next cache call. Sends
 * nothing while nothing is kept (one volatile read per tick); otherwise what the kept work sends (UNLINK;
 * SCAN + UNLINK). One daemon thread, {@code cache-platform-pending-replay}.
 */
public final class PendingReplay implements DisposableBean {

	private final ScheduledExecutorService scheduler;

	/**
	 * @param policy the backend whose kept work is replayed
	 * @param interval how often to try
	 */
	public PendingReplay(CacheFaultPolicy policy, Duration interval) {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cache-platform-pending-replay");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.scheduler.scheduleWithFixedDelay(policy::replayPending, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}

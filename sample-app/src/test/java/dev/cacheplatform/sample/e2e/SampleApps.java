package dev.cacheplatform.sample.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts packaged sample apps for a test and always ends them after it, passed or failed; when the
 * test failed, prints the tail of each app's log, so the reason is in the build output.
 */
final class SampleApps implements AfterEachCallback {

	private final List<SampleAppProcess> apps = new ArrayList<>();

	/**
	 * Starts the packaged app and waits until it is ready.
	 * @param name names the log file, {@code target/e2e-logs/<name>.log}
	 * @param environment the app's environment variables, as an operator would set them
	 * @return the running app
	 */
	SampleAppProcess start(String name, Map<String, String> environment) {
		Map<String, String> withLatency = new HashMap<>(environment);
		// Hits and misses are told apart by counting database reads, so the demo's latency only costs time here
		withLatency.putIfAbsent("SAMPLE_DATABASE_LATENCY", "20ms");
		SampleAppProcess app = new SampleAppProcess(name, withLatency);
		this.apps.add(app);
		return app.start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		try {
			if (context.getExecutionException().isPresent()) {
				for (SampleAppProcess app : this.apps) {
					System.err.println("----- " + context.getDisplayName() + " failed; the log of " + app.name()
							+ " ends with:\n" + app.tail(80) + "\n-----");
				}
			}
		}
		finally {
			this.apps.forEach(SampleAppProcess::kill);
			this.apps.clear();
		}
	}

	/**
	 * Waits until the app's cache reaches Redis: the first connection can outlast the short connect
	 * timeout on a loaded machine and count as a miss, which would blur the counts a test asserts.
	 * @param app the app
	 * @param redis the server of its cache role
	 */
	static void awaitCacheInRedis(SampleAppProcess app, RedisServer redis) {
		SampleClient probe = app.browser().tenant("warm-up");
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!redis.keys(1).contains("warm-up:rates::USD-JPY")) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The app cached nothing in Redis within 30 s");
			}
			probe.get("/rates/USD-JPY");
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

}

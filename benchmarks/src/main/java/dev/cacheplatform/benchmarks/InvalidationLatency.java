package dev.cacheplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.cache.near.InvalidationListener;
import dev.cacheplatform.cache.near.RedisKeyTracking;
import dev.cacheplatform.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How long a write on one connection takes to reach a near cache's {@link InvalidationListener} through
 * {@link RedisKeyTracking} ({@code CLIENT TRACKING ON BCAST PREFIX products::}), against one real
 * redis-server. {@code setRoundTrip} is the {@code SET} alone on a Lettuce sync connection;
 * {@code setToInvalidation} is the same {@code SET} plus the wait until the listener was called, so the
 * difference of the two is what the invalidation adds after the writer got its reply. Sample mode: read
 * p50 and p99 from the percentiles JMH prints.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class InvalidationLatency {

	private static final byte[] KEY = "products::42".getBytes(StandardCharsets.UTF_8);

	private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

	/** A server, a writer connection and a tracking whose listener counts the invalidations of {@link #KEY}. */
	@State(Scope.Benchmark)
	public static class Tracked implements InvalidationListener {

		final AtomicLong invalidations = new AtomicLong();

		volatile boolean active;

		RedisServer server;

		RedisClient client;

		StatefulRedisConnection<byte[], byte[]> connection;

		RedisCommands<byte[], byte[]> writer;

		RedisKeyTracking tracking;

		@Setup(Level.Trial)
		public void start() throws InterruptedException {
			this.server = RedisServer.builder().start();
			this.client = RedisClient.create(RedisURI.create(this.server.host(), this.server.port()));
			this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
			this.writer = this.connection.sync();
			this.tracking = new RedisKeyTracking(this.client, "products::", this, RedisKeyTracking.DEFAULT_INTERVAL,
					RedisKeyTracking.DEFAULT_TIMEOUT);
			this.tracking.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!this.active) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Key tracking did not start");
				}
				Thread.sleep(10);
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.tracking.close();
			this.connection.close();
			this.client.shutdown();
			this.server.close();
		}

		@Override
		public void invalidated(byte[] key) {
			this.invalidations.incrementAndGet();
		}

		@Override
		public void invalidatedAll() {
		}

		@Override
		public void trackingActive(boolean active) {
			this.active = active;
		}

	}

	/** {@code SET products::42 v}: the writer's round trip alone. */
	@Benchmark
	public String setRoundTrip(Tracked tracked) {
		return tracked.writer.set(KEY, VALUE);
	}

	/** {@code SET products::42 v}, then wait until the listener heard of it. */
	@Benchmark
	public long setToInvalidation(Tracked tracked) {
		long before = tracked.invalidations.get();
		tracked.writer.set(KEY, VALUE);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		long now;
		while ((now = tracked.invalidations.get()) == before) {
			if (!tracked.active || System.nanoTime() > deadline) {
				throw new IllegalStateException("No invalidation within 5 s (tracking active: " + tracked.active + ")");
			}
			// two cores shared with the event loop and the server: let them run
			Thread.yield();
		}
		return now;
	}

}

package dev.cacheplatform.cache.near;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.protocol.ProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Tells an {@link InvalidationListener} about every change of a key under the cache's prefix, using Redis 6+
 * server-assisted client-side caching in broadcast mode: {@code CLIENT TRACKING ON BCAST PREFIX <prefix>}
 * on connections of its own (never the role's shared connection), RESP3 {@code invalidate} push messages
 * in return. The server reports writes by any client, deletes (including the {@code UNLINK}s of a clear or
 * of a replay after an outage), TTL expiry, maxmemory eviction, and {@code FLUSHDB}/{@code FLUSHALL} (as
 * {@link InvalidationListener#invalidatedAll()}). Writers pay nothing: no command is added to a put or an
 * evict, and broadcast mode keeps no per-key state on the server. Tracking ignores database numbers, so
 * keys under the prefix in other databases of the same server are reported too (harmless, only extra
 * invalidations).
 * <p>
 * Sent to Redis: per connection the client's handshake, {@code CLIENT TRACKING ON BCAST [PREFIX p]}, and a
 * {@code PING} every {@code interval}; in a cluster, one such connection per master plus Lettuce's topology
 * reads. Never a key read or write. Standalone and sentinel connect through the factory's {@code RedisClient}
 * (so a sentinel setup follows the master after a failover: Sentinel kills the demoted master's clients
 * and the fresh connection asks the sentinels again); cluster through its {@code RedisClusterClient}.
 * <p>
 * <b>Loss.</b> A disconnect (server restart, {@code CLIENT KILL}, network), a {@code PING} that fails or
 * does not answer within {@code timeout} (a frozen server sends no FIN), or a change of the cluster's
 * masters makes the listener inactive and empties it at once; a fresh set of connections is opened right
 * away and then every {@code interval} until one succeeds, and only when tracking is on again does the
 * listener become active.
 * <p>
 * <b>Staleness bound.</b> While active, an L1 entry outlives its change in Redis only by the delivery
 * latency of the push message (sub-millisecond on a local network). After a detected loss nothing older
 * than the loss is served. A frozen server or a silently dead network path is detected within
 * {@code interval + timeout} (1.5 s by default); a new cluster master within {@code interval} of the
 * client's topology refresh seeing it.
 * <p>
 * Requires RESP3 (Lettuce's default with Redis 6+); a client configured for RESP2 is rejected when this
 * is created, and a server that refuses {@code CLIENT TRACKING} leaves the listener inactive (the L1 never
 * serves) with a warning.
 */
public final class RedisKeyTracking implements SmartLifecycle, AutoCloseable {

	/** Default time between two health checks. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

	/** Default time a health {@code PING} may take. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

	static final String THREAD_NAME = "cache-platform-tracking";

	private static final Log logger = LogFactory.getLog(RedisKeyTracking.class);

	private final Supplier<AbstractRedisClient> clientSource;

	private @Nullable AbstractRedisClient client;

	private final String prefix;

	private final InvalidationListener listener;

	private final Duration interval;

	private final Duration timeout;

	private final PushListener pushes = this::onPush;

	private @Nullable ScheduledExecutorService executor;

	private @Nullable TrackingConnections connections;

	private boolean active;

	private boolean failing;

	/**
	 * Tracks the keys under a prefix on the server of a cache role, with the default health check. The
	 * factory's native client is taken at {@link #start()}, so the factory must be started first (its
	 * lifecycle phase, 0, is before this one's).
	 * @param connectionFactory the cache role's factory, whose native client opens the tracking connections
	 * @param prefix the key prefix to track (an empty one tracks every key)
	 * @param listener told about invalidations and about tracking coming and going
	 */
	public RedisKeyTracking(LettuceConnectionFactory connectionFactory, String prefix, InvalidationListener listener) {
		this(connectionFactory::getRequiredNativeClient, prefix, listener, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
	}

	/**
	 * Tracks the keys under a prefix on the server of a cache role, checked every {@code interval}.
	 * @param connectionFactory the cache role's factory, whose native client opens the tracking connections
	 * @param prefix the key prefix to track (an empty one tracks every key)
	 * @param listener told about invalidations and about tracking coming and going
	 * @param interval time between two health checks (and reconnect attempts), positive
	 * @param timeout time a health {@code PING} may take before tracking counts as lost, positive
	 */
	public RedisKeyTracking(LettuceConnectionFactory connectionFactory, String prefix, InvalidationListener listener,
			Duration interval, Duration timeout) {
		this(connectionFactory::getRequiredNativeClient, prefix, listener, interval, timeout);
	}

	/**
	 * Tracks the keys under a prefix through a Lettuce client.
	 * @param client a {@code RedisClient} (standalone or sentinel) or a {@code RedisClusterClient}
	 * @param prefix the key prefix to track (an empty one tracks every key)
	 * @param listener told about invalidations and about tracking coming and going
	 * @param interval time between two health checks (and reconnect attempts), positive
	 * @param timeout time a health {@code PING} may take before tracking counts as lost, positive
	 */
	public RedisKeyTracking(AbstractRedisClient client, String prefix, InvalidationListener listener,
			Duration interval, Duration timeout) {
		this(() -> client, prefix, listener, interval, timeout);
		requireResp3(client);
	}

	private RedisKeyTracking(Supplier<AbstractRedisClient> clientSource, String prefix, InvalidationListener listener,
			Duration interval, Duration timeout) {
		if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("Key tracking interval and timeout must be positive, were "
					+ interval + " and " + timeout);
		}
		this.clientSource = clientSource;
		this.prefix = prefix;
		this.listener = listener;
		this.interval = interval;
		this.timeout = timeout;
	}

	private static void requireResp3(AbstractRedisClient client) {
		if (client.getOptions().getConfiguredProtocolVersion() == ProtocolVersion.RESP2) {
			throw new IllegalStateException("Near cache invalidation needs RESP3 (CLIENT TRACKING push messages), "
					+ "but the cache role's Lettuce client is configured for RESP2 (ClientOptions.protocolVersion); "
					+ "remove that setting or use a driver without an L1");
		}
	}

	/**
	 * Opens the tracking connections in the background and checks them every {@code interval}.
	 * @throws IllegalStateException if the client is configured for RESP2
	 */
	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		AbstractRedisClient client = this.clientSource.get();
		requireResp3(client);
		this.client = client;
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		executor.scheduleWithFixedDelay(this::check, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Closes the tracking connections; the listener becomes inactive and empty. */
	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this) {
			executor = this.executor;
			if (executor == null) {
				return;
			}
			this.executor = null;
			executor.shutdownNow();
		}
		try {
			// a check still opening connections sees the executor gone and closes them itself
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		TrackingConnections dropped;
		synchronized (this) {
			dropped = drop();
		}
		if (dropped != null) {
			dropped.close();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	/** @return whether invalidations are being delivered right now */
	public synchronized boolean isActive() {
		return this.active;
	}

	/**
	 * One health check, on the tracking thread: opens connections when there are none, else checks the
	 * cluster's masters and pings.
	 */
	void check() {
		TrackingConnections current;
		synchronized (this) {
			current = this.connections;
		}
		if (current == null) {
			connect();
			return;
		}
		String problem = null;
		if (current.topologyChanged(requireClient())) {
			problem = "the cluster's masters changed";
		}
		else {
			try {
				current.ping(this.timeout);
			}
			catch (Exception ex) {
				problem = "PING failed or took longer than " + this.timeout.toMillis() + " ms (" + ex + ")";
			}
		}
		if (Thread.currentThread().isInterrupted()) {
			return;
		}
		if (problem != null && lose(current, problem)) {
			connect();
		}
	}

	private void connect() {
		synchronized (this) {
			if (this.executor == null || this.connections != null) {
				return;
			}
		}
		TrackingConnections opened;
		try {
			opened = TrackingConnections.open(requireClient(), this.prefix, this.pushes, this::disconnected);
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				if (!this.failing) {
					this.failing = true;
					logger.warn("Cannot enable Redis key tracking (" + ex
							+ "); the near cache stays off, retrying every " + this.interval.toMillis() + " ms");
				}
			}
			return;
		}
		synchronized (this) {
			if (this.executor == null || opened.wasDisconnected()) {
				opened.close();
				return;
			}
			this.connections = opened;
			this.failing = false;
			this.active = true;
			call(() -> this.listener.trackingActive(true));
		}
		logger.info("Redis key tracking is on for prefix '" + this.prefix + "'; the near cache may serve");
	}

	private synchronized AbstractRedisClient requireClient() {
		if (this.client == null) {
			throw new IllegalStateException("Not started");
		}
		return this.client;
	}

	/** A connection reported a disconnect, on a Lettuce I/O thread: reconnecting is left to the tracking thread. */
	private void disconnected(TrackingConnections generation) {
		if (lose(generation, "a tracking connection was closed")) {
			ScheduledExecutorService executor;
			synchronized (this) {
				executor = this.executor;
			}
			if (executor != null) {
				try {
					executor.execute(this::connect);
				}
				catch (RuntimeException ex) {
					// stopping: nothing to reconnect
				}
			}
		}
	}

	/** Drops a generation if it is still the current one; true if it was. */
	private boolean lose(TrackingConnections lost, String reason) {
		synchronized (this) {
			if (this.connections != lost) {
				return false;
			}
			drop();
		}
		lost.closeAsync();
		logger.warn("Redis key tracking lost: " + reason + "; the near cache is emptied and off until tracking"
				+ " is re-established");
		return true;
	}

	/** Forgets the current generation, telling the listener first; the caller closes it outside the lock. */
	private @Nullable TrackingConnections drop() {
		TrackingConnections current = this.connections;
		this.connections = null;
		if (this.active) {
			this.active = false;
			call(() -> this.listener.trackingActive(false));
			call(this.listener::invalidatedAll);
		}
		return current;
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent();
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			for (Object key : list) {
				if (key instanceof ByteBuffer buffer) {
					byte[] bytes = new byte[buffer.remaining()];
					buffer.get(bytes);
					call(() -> this.listener.invalidated(bytes));
				}
			}
		}
		else {
			call(this.listener::invalidatedAll);
		}
	}

	private static void call(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.warn("An invalidation listener failed: " + ex);
		}
	}

}

package dev.cacheplatform.cache.near;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * One generation of tracking connections: one connection to a standalone or sentinel-resolved master,
 * or one connection per master of a cluster, each with broadcast tracking enabled. A generation is never
 * repaired: when any of its connections is lost it is closed as a whole and a fresh one replaces it, so
 * tracking is never silently missing on a reconnected socket (Lettuce's own reconnect restores the
 * connection but not {@code CLIENT TRACKING}).
 * <p>
 * On each connection it sends the client's handshake (Lettuce's {@code HELLO 3} with AUTH, {@code SELECT},
 * {@code CLIENT SETNAME} as configured), then {@code CLIENT TRACKING ON BCAST [PREFIX <prefix>]}, and
 * afterwards only {@code PING}. A cluster generation also reads the topology ({@code CLUSTER NODES} or
 * {@code CLUSTER SHARDS}, as Lettuce's topology refresh does). It never reads or writes a key.
 */
final class TrackingConnections implements AutoCloseable {

	private final StatefulConnection<byte[], byte[]> owner;

	private final List<StatefulRedisConnection<byte[], byte[]>> nodes;

	private final Set<String> masters;

	private final RedisConnectionStateListener states;

	private volatile boolean disconnected;

	private TrackingConnections(StatefulConnection<byte[], byte[]> owner, List<StatefulRedisConnection<byte[], byte[]>> nodes,
			Set<String> masters, Consumer<TrackingConnections> onDisconnect) {
		this.owner = owner;
		this.nodes = nodes;
		this.masters = masters;
		this.states = new RedisConnectionStateListener() {
			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
				TrackingConnections.this.disconnected = true;
				onDisconnect.accept(TrackingConnections.this);
			}
		};
	}

	/**
	 * Opens fresh connections and enables tracking on each. The listeners are registered before tracking
	 * is enabled, so no invalidation and no loss goes unseen; a loss is also remembered
	 * ({@link #wasDisconnected()}) for a caller that was not yet listening.
	 */
	static TrackingConnections open(AbstractRedisClient client, String prefix, PushListener pushes,
			Consumer<TrackingConnections> onDisconnect) {
		TrackingArgs tracking = TrackingArgs.Builder.enabled().bcast();
		if (!prefix.isEmpty()) {
			tracking.prefixes(StandardCharsets.UTF_8, prefix);
		}
		if (client instanceof RedisClusterClient cluster) {
			return openCluster(cluster, tracking, pushes, onDisconnect);
		}
		StatefulRedisConnection<byte[], byte[]> connection = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
		TrackingConnections connections = new TrackingConnections(connection, List.of(connection), Set.of(),
				onDisconnect);
		connections.enable(connection, tracking, pushes);
		return connections;
	}

	private static TrackingConnections openCluster(RedisClusterClient client, TrackingArgs tracking,
			PushListener pushes, Consumer<TrackingConnections> onDisconnect) {
		client.refreshPartitions();
		StatefulRedisClusterConnection<byte[], byte[]> cluster = client.connect(ByteArrayCodec.INSTANCE);
		Set<String> masters = masters(client);
		List<StatefulRedisConnection<byte[], byte[]>> nodes = new ArrayList<>();
		TrackingConnections connections = new TrackingConnections(cluster, nodes, masters, onDisconnect);
		try {
			for (String nodeId : masters) {
				StatefulRedisConnection<byte[], byte[]> node = cluster.getConnection(nodeId);
				nodes.add(node);
				connections.enable(node, tracking, pushes);
			}
		}
		catch (RuntimeException ex) {
			connections.close();
			throw ex;
		}
		return connections;
	}

	private void enable(StatefulRedisConnection<byte[], byte[]> connection, TrackingArgs tracking,
			PushListener pushes) {
		connection.addListener(pushes);
		connection.addListener(this.states);
		try {
			String reply = connection.sync().clientTracking(tracking);
			if (!"OK".equals(reply)) {
				throw new IllegalStateException("CLIENT TRACKING answered " + reply);
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private static Set<String> masters(RedisClusterClient client) {
		Set<String> masters = new TreeSet<>();
		for (RedisClusterNode node : client.getPartitions()) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
				masters.add(node.getNodeId());
			}
		}
		return masters;
	}

	/** Whether a connection of this generation has been disconnected since it was opened. */
	boolean wasDisconnected() {
		return this.disconnected;
	}

	/**
	 * Whether the cluster's masters (as the client's topology refresh last saw them) differ from the ones
	 * this generation tracks: a new or promoted master would change keys without telling anyone.
	 */
	boolean topologyChanged(AbstractRedisClient client) {
		return client instanceof RedisClusterClient cluster && !masters(cluster).equals(this.masters);
	}

	/**
	 * Sends {@code PING} on every connection and waits for all answers.
	 * @throws Exception when one fails or does not answer within the timeout
	 */
	void ping(Duration timeout) throws Exception {
		List<CompletableFuture<String>> pings = new ArrayList<>();
		for (StatefulRedisConnection<byte[], byte[]> node : this.nodes) {
			pings.add(node.async().ping().toCompletableFuture());
		}
		CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Closes every connection and waits for it; no loss is reported for it. Not on an I/O thread. */
	@Override
	public void close() {
		closeAsync().join();
	}

	/** Closes every connection without waiting; no loss is reported for it. Safe on an I/O thread. */
	CompletableFuture<Void> closeAsync() {
		for (StatefulRedisConnection<byte[], byte[]> node : this.nodes) {
			node.removeListener(this.states);
		}
		return this.owner.closeAsync().exceptionally((ex) -> null);
	}

}

package dev.cacheplatform.cache.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisKeyTracking} on a real cluster (tracking on every master) and behind real sentinels (tracking
 * on the master the sentinels name).
 */
class RedisKeyTrackingTopologyTests {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static @Nullable RedisCluster cluster;

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void clusterReportsKeysOfEveryMaster() {
		RedisCluster cluster = cluster();
		List<String> keys = keysOnEveryMaster(cluster);
		RecordingListener listener = new RecordingListener();
		runTracking(clusterConfiguration(cluster), listener, () -> {
			for (RedisServer node : cluster.nodes()) {
				try (RespClient client = node.client()) {
					assertThat(RedisKeyTrackingTests.trackingClientIds(client)).hasSize(1);
				}
			}
			setAndAwait(cluster, keys, listener);
		});
	}

	@Test
	void clusterTrackingLostOnOneMasterIsReEnabledOnEveryMaster() {
		RedisCluster cluster = cluster();
		List<String> keys = keysOnEveryMaster(cluster);
		RecordingListener listener = new RecordingListener();
		runTracking(clusterConfiguration(cluster), listener, () -> {
			try (RespClient node = cluster.nodes().get(1).client()) {
				node.command("CLIENT", "KILL", "ID", RedisKeyTrackingTests.trackingClientIds(node).get(0));
			}
			assertThat(listener.awaitEvent("active", 2)).containsExactly("active", "inactive", "all", "active");
			listener.clear();
			setAndAwait(cluster, keys, listener);
		});
	}

	private static void setAndAwait(RedisCluster cluster, List<String> keys, RecordingListener listener) {
		for (String key : keys) {
			try (RespClient writer = cluster.nodeFor(key).client()) {
				writer.set(key, "1");
			}
		}
		for (String key : keys) {
			listener.awaitEvent("key:" + key);
		}
	}

	private static RedisClusterConfiguration clusterConfiguration(RedisCluster cluster) {
		return new RedisClusterConfiguration(List.of(cluster.seeds().split(",")));
	}

	private static synchronized RedisCluster cluster() {
		if (cluster == null) {
			cluster = RedisCluster.start(3);
		}
		return cluster;
	}

	@Test
	void sentinelReportsKeysOfTheMaster() {
		try (RedisSentinel sentinel = RedisSentinel.start("mymaster")) {
			RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
			configuration.master(sentinel.masterName());
			for (String node : sentinel.nodes().split(",")) {
				String[] hostPort = node.split(":");
				configuration.sentinel(hostPort[0], Integer.parseInt(hostPort[1]));
			}
			configuration.setDatabase(1);
			RecordingListener listener = new RecordingListener();
			runTracking(configuration, listener, () -> {
				try (RespClient writer = sentinel.master().client(1)) {
					writer.set("shop:s", "1");
				}
				listener.awaitEvent("key:shop:s");
			});
		}
	}

	/** One key under {@code shop:} for each master of the cluster. */
	private static List<String> keysOnEveryMaster(RedisCluster cluster) {
		List<String> keys = new ArrayList<>();
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; ports.size() < cluster.nodes().size(); i++) {
			String key = "shop:" + i;
			if (ports.add(cluster.nodeFor(key).port())) {
				keys.add(key);
			}
		}
		return keys;
	}

	private static void runTracking(RedisConfiguration configuration, RecordingListener listener, Runnable body) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		factory.afterPropertiesSet();
		factory.start();
		try (RedisKeyTracking tracking = new RedisKeyTracking(factory.getRequiredNativeClient(), "shop:", listener,
				INTERVAL, INTERVAL)) {
			tracking.start();
			listener.awaitEvent("active");
			body.run();
		}
		finally {
			factory.destroy();
		}
	}

}

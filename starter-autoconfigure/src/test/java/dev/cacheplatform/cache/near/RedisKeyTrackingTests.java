package dev.cacheplatform.cache.near;

import java.time.Duration;
import java.util.List;

import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisKeyTracking} against a real standalone redis-server with a password, the cache on database 1:
 * what reaches the listener, and what happens when the tracking connection is lost.
 */
class RedisKeyTrackingTests {

	private static final String PASSWORD = "tr4cking-s3cret";

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private final RecordingListener listener = new RecordingListener();

	private RedisServer server;

	private LettuceConnectionFactory factory;

	private RedisKeyTracking tracking;

	@AfterEach
	void close() {
		if (this.tracking != null) {
			this.tracking.close();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void writesDeletesAndExpiriesUnderThePrefixReachTheListener() {
		start();
		try (RespClient writer = this.server.client(1)) {
			writer.set("shop:a", "1");
			this.listener.awaitEvent("key:shop:a");
			writer.command("UNLINK", "shop:a");
			this.listener.awaitEvent("key:shop:a", 2);
			writer.command("SET", "shop:e", "1", "PX", "30");
			// one for the SET, one when the server expires the key
			this.listener.awaitEvent("key:shop:e", 2);
			assertThat(writer.command("EXISTS", "shop:e")).isEqualTo(0L);
		}
	}

	@Test
	void keysOutsideThePrefixAreNotReported() {
		start();
		try (RespClient writer = this.server.client(1)) {
			writer.set("other:a", "1");
			writer.set("shop", "1");
			writer.set("shop:marker", "1");
			// delivery is in order on one connection: once the marker is here, nothing else is coming
			List<String> events = this.listener.awaitEvent("key:shop:marker");
			assertThat(events).containsExactly("active", "key:shop:marker");
		}
	}

	@Test
	void flushEmptiesTheListener() {
		start();
		try (RespClient writer = this.server.client(1)) {
			writer.command("FLUSHDB");
			this.listener.awaitEvent("all");
		}
	}

	@Test
	void killedTrackingConnectionEmptiesAndPausesTheListenerUntilTrackingIsBack() {
		start();
		try (RespClient admin = this.server.client(0)) {
			List<String> ids = trackingClientIds(admin);
			assertThat(ids).hasSize(1);
			admin.command("CLIENT", "KILL", "ID", ids.get(0));
			List<String> events = this.listener.awaitEvent("active", 2);
			assertThat(events).containsExactly("active", "inactive", "all", "active");
			assertThat(trackingClientIds(admin)).hasSize(1).doesNotContain(ids.get(0));
		}
		assertDeliveredAgain();
	}

	@Test
	void killingEveryNormalClientIsSurvivedToo() {
		start();
		try (RespClient admin = this.server.client(0)) {
			admin.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
			assertThat(this.listener.awaitEvent("active", 2)).containsExactly("active", "inactive", "all", "active");
		}
		assertDeliveredAgain();
	}

	@Test
	void restartedServerEmptiesTheListenerAndTrackingResumes() {
		start();
		this.server.stop();
		assertThat(this.listener.awaitEvent("inactive")).containsExactly("active", "inactive", "all");
		assertThat(this.tracking.isActive()).isFalse();
		this.server.restart();
		assertThat(this.listener.awaitEvent("active", 2)).containsExactly("active", "inactive", "all", "active");
		assertDeliveredAgain();
	}

	@Test
	void frozenServerTurnsTrackingOffAfterThePingTimeout() {
		start();
		this.server.pause();
		try {
			// no FIN from a stopped process: only the health PING notices
			assertThat(this.listener.awaitEvent("inactive")).containsExactly("active", "inactive", "all");
		}
		finally {
			this.server.resume();
		}
		this.listener.awaitEvent("active", 2);
		assertDeliveredAgain();
	}

	@Test
	void stopClosesTheTrackingConnectionAndThread() {
		start();
		assertThat(trackingThreads()).isOne();
		this.tracking.stop();
		assertThat(this.tracking.isActive()).isFalse();
		assertThat(this.listener.events()).containsExactly("active", "inactive", "all");
		try (RespClient admin = this.server.client(0)) {
			await().atMost(RecordingListener.BOUND).until(() -> trackingClientIds(admin).isEmpty());
		}
		assertThat(trackingThreads()).isZero();
	}

	@Test
	void trackingBuiltFromAFactoryBeforeItStartsUsesItsClientOnceStarted() {
		this.server = RedisServer.builder().password(PASSWORD).start();
		this.factory = new LettuceConnectionFactory(configuration());
		this.factory.afterPropertiesSet();
		// as in an application context: beans are built first, the factory (phase 0) starts before this
		this.tracking = new RedisKeyTracking(this.factory, "shop:", this.listener);
		this.factory.start();
		this.tracking.start();
		this.listener.awaitEvent("active");
		assertDeliveredAgain();
	}

	@Test
	void clientConfiguredForResp2IsRejectedWithTheReason() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:1");
		try {
			client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
			assertThatIllegalStateException()
				.isThrownBy(() -> new RedisKeyTracking(client, "shop:", this.listener, INTERVAL, INTERVAL))
				.withMessageContaining("needs RESP3")
				.withMessageContaining("RESP2");
		}
		finally {
			client.shutdown();
		}
	}

	private void assertDeliveredAgain() {
		try (RespClient writer = this.server.client(1)) {
			writer.set("shop:after", "1");
		}
		this.listener.awaitEvent("key:shop:after");
	}

	private void start() {
		this.server = RedisServer.builder().password(PASSWORD).start();
		// the cache role's short timeouts: a connect attempt to a frozen server gives up quickly
		this.factory = new LettuceConnectionFactory(configuration(),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.tracking = new RedisKeyTracking(this.factory.getRequiredNativeClient(), "shop:", this.listener,
				INTERVAL, INTERVAL);
		this.tracking.start();
		this.listener.awaitEvent("active");
	}

	private RedisStandaloneConfiguration configuration() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
				this.server.port());
		configuration.setPassword(RedisPassword.of(PASSWORD));
		configuration.setDatabase(1);
		return configuration;
	}

	/** Ids of the clients with tracking on ({@code t} in CLIENT LIST's flags). */
	static List<String> trackingClientIds(RespClient admin) {
		String list = String.valueOf(admin.command("CLIENT", "LIST"));
		return list.lines()
			.filter((line) -> flags(line).contains("t"))
			.map((line) -> line.substring(3, line.indexOf(' ')))
			.toList();
	}

	private static String flags(String line) {
		int start = line.indexOf(" flags=") + " flags=".length();
		return line.substring(start, line.indexOf(' ', start));
	}

	private static long trackingThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(RedisKeyTracking.THREAD_NAME) && thread.isAlive())
			.count();
	}

}

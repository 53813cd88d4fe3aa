package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Connection factories, repositories and Redis inspection for the session tests. */
final class SessionTestSupport {

	static final Duration TIMEOUT = Duration.ofMillis(250);

	static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	/** Commands of the test support and of connection setup, not of the repository. */
	private static final Set<String> NOT_DATA = Set.of("config|resetstat", "info", "auth", "ping", "hello", "select");

	private static final AtomicInteger namespaces = new AtomicInteger();

	static final List<String> warnings = new CopyOnWriteArrayList<>();

	private SessionTestSupport() {
	}

	/** A factory set up like production: short timeouts, commands rejected while disconnected. */
	static LettuceConnectionFactory connectionFactory(RedisServer server) {
		ClientOptions options = ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
			.socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(TIMEOUT)
			.clientOptions(options)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static String namespace() {
		return "t" + namespaces.incrementAndGet() + ":session";
	}

	static EnvelopeSessionCodec codec() {
		return codec(List.of());
	}

	static EnvelopeSessionCodec codec(List<byte[]> keys) {
		return new EnvelopeSessionCodec(TypeAllowList.of(List.of()), keys, warnings::add);
	}

	/** The hash of a session. */
	static String sessionKey(String namespace, String id) {
		return namespace + ":sessions:v2:" + id;
	}

	/** The string of a session in the earlier one-value format. */
	static String legacyKey(String namespace, String id) {
		return namespace + ":sessions:" + id;
	}

	static String indexKey(String namespace, String principal) {
		return namespace + ":index:" + principal;
	}

	static boolean exists(RedisServer server, String key) {
		try (RespClient client = server.client()) {
			return Long.valueOf(1).equals(client.command("EXISTS", key));
		}
	}

	static long pttl(RedisServer server, String key) {
		try (RespClient client = server.client()) {
			return client.pttl(key);
		}
	}

	static byte[] rawValue(RedisServer server, String key) {
		try (RespClient client = server.client()) {
			return client.getBytes(key);
		}
	}

	/** The bytes of one field of a session hash. */
	static byte[] rawField(RedisServer server, String key, String field) {
		try (RespClient client = server.client()) {
			return (byte[]) client.commandBinary(bytes("HGET"), bytes(key), bytes(field));
		}
	}

	static void setRaw(RedisServer server, String key, byte[] value) {
		try (RespClient client = server.client()) {
			client.commandBinary(bytes("SET"), bytes(key), value);
		}
	}

	static List<String> members(RedisServer server, String key) {
		try (RespClient client = server.client()) {
			return ((List<?>) client.command("SMEMBERS", key)).stream().map(String::valueOf).sorted().toList();
		}
	}

	/** Sum of the commands the repository sent: everything but the test support's and connection setup's. */
	static long dataCommands(Map<String, Long> stats) {
		return stats.entrySet()
			.stream()
			.filter((entry) -> !NOT_DATA.contains(entry.getKey()) && !entry.getKey().startsWith("client|"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

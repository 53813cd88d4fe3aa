package dev.cacheplatform.sample.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.testsupport.AppendOnlyFile;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import dev.cacheplatform.testsupport.RespClient.RedisError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts a real redis-server with each file of {@code config/} (the test's own port, directory and
 * password override the file's, as {@code redis-server file.conf --port N} would) and checks that what the
 * comments promise is what the server does.
 */
class ServerConfigFilesTests {

	private static final Path CACHE_CONF = ProjectFiles.resolve("config/redis-cache.conf");

	private static final Path SESSION_CONF = ProjectFiles.resolve("config/redis-session.conf");

	private static final String SESSION_PASSWORD = "test-session-password";

	private static final String VALUE_100K = "x".repeat(100 * 1024);

	@Test
	void cacheServerIsBoundedAndEvictsLeastRecentlyUsedKeys() {
		try (RedisServer server = RedisServer.builder().configFile(CACHE_CONF).start();
				RespClient client = server.client()) {
			assertThat(configGet(client, "maxmemory")).isEqualTo(String.valueOf(256L * 1024 * 1024));
			assertThat(configGet(client, "maxmemory-policy")).isEqualTo("allkeys-lru");
			assertThat(configGet(client, "lazyfree-lazy-eviction")).isEqualTo("yes");
			// the same policy at a limit a test can reach: 4 MB of writes into 2 MB all succeed
			client.command("CONFIG", "SET", "maxmemory", "2mb");
			for (int i = 0; i < 40; i++) {
				client.set("products::" + i, VALUE_100K);
			}
			assertThat(statistic(client, "stats", "evicted_keys")).isPositive();
			assertThat(client.get("products::39")).isEqualTo(VALUE_100K);
		}
	}

	@Test
	void cacheServerPersistsNothingAndNeedsNoPassword() {
		try (RedisServer server = RedisServer.builder().configFile(CACHE_CONF).start();
				RespClient anonymous = RespClient.connect(server.host(), server.port())) {
			assertThat(anonymous.ping()).isEqualTo("PONG");
			assertThat(configGet(anonymous, "requirepass")).isEmpty();
			assertThat(configGet(anonymous, "appendonly")).isEqualTo("no");
			assertThat(configGet(anonymous, "save")).isEmpty();
			assertThat(configGet(anonymous, "protected-mode")).isEqualTo("yes");
			assertThat(configGet(anonymous, "databases")).isEqualTo("16");
		}
	}

	@Test
	void cacheServerRefusesKeysButLetsOperatorsFlush() {
		try (RedisServer server = RedisServer.builder().configFile(CACHE_CONF).start();
				RespClient client = server.client()) {
			client.set("rates::EUR-USD", "1.08");
			assertThatExceptionOfType(RedisError.class).isThrownBy(() -> client.command("KEYS", "*"))
				.withMessageContaining("unknown command");
			assertThat(client.command("FLUSHDB")).isEqualTo("OK");
			assertThat(client.get("rates::EUR-USD")).isNull();
		}
	}

	@Test
	void sessionServerRefusesClientsWithoutThePassword() {
		try (RedisServer server = sessionServer()) {
			try (RespClient anonymous = RespClient.connect(server.host(), server.port())) {
				assertThatExceptionOfType(RedisError.class).isThrownBy(() -> anonymous.command("GET", "spring:session:x"))
					.satisfies((error) -> assertThat(error.code()).isEqualTo("NOAUTH"));
			}
			try (RespClient client = server.client()) {
				assertThat(client.ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void sessionServerStartedAsDocumentedDemandsThePasswordOfItsFile(@TempDir Path directory) {
		int port = LaunchedRedis.freePort();
		try (LaunchedRedis redis = LaunchedRedis.start(List.of(LaunchedRedis.binaryDirectory().resolve("redis-server")
			.toString(), SESSION_CONF.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir",
				directory.toString()), Map.of(), directory, port);
				RespClient anonymous = redis.anonymousClient()) {
			assertThatExceptionOfType(RedisError.class).isThrownBy(anonymous::ping)
				.satisfies((error) -> assertThat(error.code()).isEqualTo("NOAUTH"));
			try (RespClient client = redis.client("CHANGE-ME-session-password")) {
				assertThat(client.ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void sessionServerPersistsEveryWriteAndNeverEvicts() {
		try (RedisServer server = sessionServer(); RespClient client = server.client()) {
			assertThat(configGet(client, "appendonly")).isEqualTo("yes");
			assertThat(configGet(client, "appendfsync")).isEqualTo("everysec");
			assertThat(configGet(client, "save")).isEqualTo("900 1 300 10 60 10000");
			assertThat(configGet(client, "maxmemory-policy")).isEqualTo("noeviction");
			assertThat(configGet(client, "maxmemory")).isEqualTo(String.valueOf(256L * 1024 * 1024));
			assertThat(configGet(client, "stop-writes-on-bgsave-error")).isEqualTo("yes");
			assertThat(statistic(client, "persistence", "aof_enabled")).isEqualTo(1);
		}
	}

	@Test
	void sessionServerKeepsSessionsWhenItIsKilled() throws Exception {
		try (RedisServer server = sessionServer()) {
			try (RespClient client = server.client()) {
				client.command("SET", "spring:session:sessions:abc", "cart=3", "PX", "1800000");
			}
			AppendOnlyFile.awaitContains(server, "spring:session:sessions:abc");
			server.kill();
			server.restart();
			try (RespClient client = server.client()) {
				assertThat(client.get("spring:session:sessions:abc")).isEqualTo("cart=3");
				assertThat(client.pttl("spring:session:sessions:abc")).isPositive();
			}
		}
	}

	@Test
	void sessionServerFailsWritesAtItsLimitInsteadOfDroppingSessions() {
		try (RedisServer server = sessionServer(); RespClient client = server.client()) {
			client.command("CONFIG", "SET", "maxmemory", "2mb");
			int stored = 0;
			RedisError refused = null;
			while (refused == null && stored < 1000) {
				try {
					// sessions carry a TTL, so any volatile-* policy would evict them: only noeviction refuses
					client.command("SET", "spring:session:sessions:" + stored, VALUE_100K, "PX", "1800000");
					stored++;
				}
				catch (RedisError ex) {
					refused = ex;
				}
			}
			assertThat(refused).isNotNull();
			assertThat(refused.code()).isEqualTo("OOM");
			assertThat(statistic(client, "stats", "evicted_keys")).isZero();
			for (int i = 0; i < stored; i++) {
				assertThat(client.get("spring:session:sessions:" + i)).as("session %d", i).isEqualTo(VALUE_100K);
			}
		}
	}

	@Test
	void sessionServerCannotBeFlushedOrScannedWithKeys() {
		try (RedisServer server = sessionServer(); RespClient client = server.client()) {
			client.set("spring:session:sessions:abc", "v");
			for (String command : List.of("FLUSHALL", "FLUSHDB", "KEYS")) {
				assertThatExceptionOfType(RedisError.class)
					.isThrownBy(() -> client.command(command.equals("KEYS") ? new String[] { command, "*" }
							: new String[] { command }))
					.as(command)
					.withMessageContaining("unknown command");
			}
			assertThat(client.get("spring:session:sessions:abc")).isEqualTo("v");
		}
	}

	private static RedisServer sessionServer() {
		return RedisServer.builder().configFile(SESSION_CONF).password(SESSION_PASSWORD).start();
	}

	private static String configGet(RespClient client, String name) {
		List<?> reply = (List<?>) client.command("CONFIG", "GET", name);
		assertThat(reply).as("CONFIG GET %s", name).hasSize(2);
		return String.valueOf(reply.get(1));
	}

	private static long statistic(RespClient client, String section, String field) {
		for (String line : client.info(section).split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new AssertionError("INFO " + section + " has no " + field);
	}

}

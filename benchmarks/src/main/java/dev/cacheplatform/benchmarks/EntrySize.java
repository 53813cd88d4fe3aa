package dev.cacheplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * How big a realistic entry ({@link CatalogueItem#sample()}, about 900 bytes of state) is in Redis, and
 * what writing and reading it costs, for each {@link EntryEncoding}.
 * <p>
 * Setup starts a real {@code redis-server} (test-support: the one on the {@code PATH} when there is one,
 * which for Debian's package allocates with jemalloc like production servers, else the bundled static
 * binary, whose libc allocator has no size classes), stores every encoding under {@code products::42}
 * in turn ({@code SET}, {@code STRLEN}, {@code MEMORY USAGE}, {@code DEL}) and prints one table of them
 * all, so each fork's output holds the whole comparison. Then it times {@code encode} and {@code decode}
 * of the encoding given by the {@code encoding} parameter, in ns/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class EntrySize {

	static final byte[] KEY = "products::42".getBytes(StandardCharsets.UTF_8);

	@Param({ "STOCK_JDK", "STOCK_JSON", "ENVELOPE_DEFAULT", "ENVELOPE_NONE", "ENVELOPE_LZ4", "PAYLOAD_JSON",
			"PAYLOAD_JSON_LZ4", "PAYLOAD_JSON_ZSTD", "PAYLOAD_SMILE", "PAYLOAD_SMILE_ZSTD", "PAYLOAD_CBOR",
			"PAYLOAD_CBOR_ZSTD" })
	public EntryEncoding encoding;

	private final CatalogueItem value = CatalogueItem.sample();

	private EntryEncoding.Codec codec;

	private byte[] stored;

	@Setup(Level.Trial)
	public void setUp() {
		printSizes(this.value);
		this.codec = this.encoding.create();
		this.stored = this.codec.encode(this.value);
	}

	/** The value to its stored bytes. */
	@Benchmark
	public byte[] encode() {
		return this.codec.encode(this.value);
	}

	/** The stored bytes back to the value. */
	@Benchmark
	public Object decode() {
		return this.codec.decode(this.stored);
	}

	/**
	 * Stores the value in every encoding and prints STRLEN and MEMORY USAGE of each.
	 * @param value the value
	 * @throws IllegalStateException if an encoding does not give the value back
	 */
	static void printSizes(Object value) {
		try (RedisServer server = RedisServer.builder().start()) {
			RedisClient client = RedisClient.create(server.url());
			try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
				RedisCommands<byte[], byte[]> redis = connection.sync();
				String allocator = redis.info("memory").lines()
					.filter((line) -> line.startsWith("mem_allocator:"))
					.findFirst()
					.orElse("mem_allocator:unknown");
				String version = redis.info("server").lines()
					.filter((line) -> line.startsWith("redis_version:"))
					.findFirst()
					.orElse("redis_version:unknown");
				System.out.printf("%n[entry size] key products::42, %s, %s%n", version, allocator);
				System.out.printf("[entry size] | %-18s | %6s | %12s |%n", "encoding", "STRLEN", "MEMORY USAGE");
				for (EntryEncoding encoding : EntryEncoding.values()) {
					EntryEncoding.Codec codec = encoding.create();
					byte[] bytes = codec.encode(value);
					if (!value.equals(codec.decode(bytes))) {
						throw new IllegalStateException(encoding + " does not give the value back");
					}
					redis.set(KEY, bytes);
					System.out.printf("[entry size] | %-18s | %6d | %12d |%n", encoding, redis.strlen(KEY),
							redis.memoryUsage(KEY));
					redis.del(KEY);
				}
			}
			finally {
				client.shutdown();
			}
		}
	}

}

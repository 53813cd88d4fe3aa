package dev.cacheplatform.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.codec.ValueUnreadableException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.CacheStatisticsCollector;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveStringCommands;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The only class of the Redis driver that talks to Redis. What it sends, per operation:
 * <ul>
 * <li>read: {@code GETRANGE key 0 262143} — exactly one command per lookup for values up to 256 KiB, no
 * EXISTS, TTL or TYPE; a larger value adds {@code STRLEN key} and, if it is within the codec's size limit,
 * {@code GETRANGE key 262144 <end>}. So a planted value of any size moves at most 256 KiB, is known to be
 * too large at once, and never times the read out (which would count against the circuit breaker). A
 * missing key reads as empty: no stored value is empty. Caches whose values the application serializes
 * itself have no limit and read with {@code GET key};</li>
 * <li>write: {@code SET key value PX ttl} (no PX when the TTL is zero) — one command;</li>
 * <li>put-if-absent: {@code SET key value NX PX ttl}, then the read above only when it was present;</li>
 * <li>evict: {@code UNLINK key}, synchronously, so an eviction has taken effect when it returns (Spring
 * Data Redis's own writer may evict asynchronously and drop the error);</li>
 * <li>clear: {@code SCAN cursor MATCH pattern COUNT n} and {@code UNLINK} of each batch, on standalone or
 * on every master of a cluster.</li>
 * <li>an operator's look-up of one key ({@link #inspect}): {@code TYPE key}, {@code PTTL key} and, for a string,
 * {@code STRLEN key}; never the value.</li>
 * </ul>
 * {@link #retrieve} and {@link #store} (a {@code CompletableFuture}-returning {@code @Cacheable} method) send
 * the same commands on Spring Data Redis's reactive connection, so the caller's thread never waits for Redis.
 * It never sends {@code KEYS}, {@code FLUSHDB}, {@code FLUSHALL} or {@code CONFIG}, so it works on
 * servers that rename those away. Errors propagate to the caller (the fault-tolerance layer decides).
 */
final class SafeRedisCacheWriter implements RedisCacheWriter {

	private final RedisConnectionFactory connectionFactory;

	private final int scanBatchSize;

	private final CacheStatisticsCollector statistics;

	private final int readLimit;

	/** Bytes of the first read of a value: values up to this size are read with one command. */
	static final int FIRST_READ = 256 * 1024;

	/**
	 * @param connectionFactory the cache role's connections
	 * @param scanBatchSize the COUNT of each SCAN of a clear
	 * @param statistics where gets, hits and puts are counted
	 * @param readLimit the most bytes a value may have to be read ({@link Integer#MAX_VALUE}: no limit)
	 */
	SafeRedisCacheWriter(RedisConnectionFactory connectionFactory, int scanBatchSize,
			CacheStatisticsCollector statistics, int readLimit) {
		this.connectionFactory = connectionFactory;
		this.scanBatchSize = scanBatchSize;
		this.statistics = statistics;
		this.readLimit = readLimit;
	}

	/** @return a writer like this one, sharing its statistics, that reads values of any size */
	SafeRedisCacheWriter unlimited() {
		return new SafeRedisCacheWriter(this.connectionFactory, this.scanBatchSize, this.statistics,
				Integer.MAX_VALUE);
	}

	/**
	 * Reads a value. One {@code GETRANGE} of the first 256 KiB (at most the limit and one byte) reads every
	 * value up to that size whole. A value that fills it is measured with {@code STRLEN}: over the limit it is
	 * a {@code TOO_LARGE} bad entry without moving more, else {@code GETRANGE} reads the rest. So however
	 * large a planted value and however many callers read it at once, each moves at most 256 KiB before it is
	 * known to be too large, and the shared connection never clogs into timeouts.
	 */
	private byte @Nullable [] read(RedisConnection connection, byte[] key) {
		if (this.readLimit == Integer.MAX_VALUE) {
			return connection.stringCommands().get(key);
		}
		int first = (int) Math.min(FIRST_READ, this.readLimit + 1L);
		byte[] head = connection.stringCommands().getRange(key, 0, first - 1);
		if (head == null || head.length == 0) {
			return null; // a missing key reads as empty, and no stored value is empty
		}
		if (head.length < first) {
			return head;
		}
		Long length = connection.stringCommands().strLen(key);
		if (length == null || length == 0) {
			return null;
		}
		if (length > this.readLimit) {
			throw new ValueUnreadableException(UnreadableReason.TOO_LARGE, "Cannot read the cached value: it is "
					+ length + " bytes, over the value size limit of " + this.readLimit + " bytes", null);
		}
		if (length == head.length) {
			return head;
		}
		byte[] rest = connection.stringCommands().getRange(key, head.length, length - 1);
		byte[] value = Arrays.copyOf(head, head.length + ((rest != null) ? rest.length : 0));
		if (rest != null) {
			System.arraycopy(rest, 0, value, head.length, rest.length);
		}
		return value; // if the value changed in between, the codec finds the pieces do not fit: a miss
	}

	@Override
	public byte @Nullable [] get(String name, byte[] key) {
		byte[] value = execute((connection) -> read(connection, key));
		this.statistics.incGets(name);
		if (value != null) {
			this.statistics.incHits(name);
		}
		else {
			this.statistics.incMisses(name);
		}
		return value;
	}

	@Override
	public byte @Nullable [] get(String name, byte[] key, @Nullable Duration ttl) {
		return get(name, key);
	}

	/** @return whether the factory has Spring Data Redis's reactive connections (Lettuce's has) */
	@Override
	public boolean supportsAsyncRetrieve() {
		return this.connectionFactory instanceof ReactiveRedisConnectionFactory;
	}

	/**
	 * Reads like {@link #get(String, byte[])}, sending the same commands, without blocking the caller: on
	 * Spring Data Redis's reactive connection, so the future completes on Lettuce's event loop when Redis
	 * answers.
	 */
	@Override
	public CompletableFuture<byte[]> retrieve(String name, byte[] key, @Nullable Duration ttl) {
		return reactive((connection) -> readReactively(connection.stringCommands(), ByteBuffer.wrap(key)))
			.map(SafeRedisCacheWriter::toBytes)
			.toFuture()
			.whenComplete((value, ex) -> {
				if (ex == null) {
					this.statistics.incGets(name);
					if (value != null) {
						this.statistics.incHits(name);
					}
					else {
						this.statistics.incMisses(name);
					}
				}
			});
	}

	private Mono<ByteBuffer> readReactively(ReactiveStringCommands commands, ByteBuffer key) {
		if (this.readLimit == Integer.MAX_VALUE) {
			return commands.get(key);
		}
		int first = (int) Math.min(FIRST_READ, this.readLimit + 1L);
		return commands.getRange(key, 0, first - 1).flatMap((head) -> {
			if (!head.hasRemaining()) {
				return Mono.empty();
			}
			if (head.remaining() < first) {
				return Mono.just(head);
			}
			return commands.strLen(key).flatMap((length) -> {
				if (length > this.readLimit) {
					return Mono.error(new ValueUnreadableException(UnreadableReason.TOO_LARGE,
							"Cannot read the cached value: it is " + length
									+ " bytes, over the value size limit of " + this.readLimit + " bytes",
							null));
				}
				if (length <= head.remaining()) {
					return Mono.just(head);
				}
				return commands.getRange(key, head.remaining(), length - 1).map((rest) -> {
					ByteBuffer whole = ByteBuffer.allocate(head.remaining() + rest.remaining());
					return whole.put(head.duplicate()).put(rest.duplicate()).flip();
				});
			});
		});
	}

	/** Stores like {@link #put}, sending the same command, without blocking the caller. */
	@Override
	public CompletableFuture<Void> store(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return reactive((connection) -> connection.stringCommands()
			.set(ByteBuffer.wrap(key), ByteBuffer.wrap(value), expiration(ttl), SetOption.upsert()))
			.toFuture()
			.thenAccept((stored) -> this.statistics.incPuts(name));
	}

	private <T> Mono<T> reactive(Function<ReactiveRedisConnection, Mono<T>> commands) {
		ReactiveRedisConnectionFactory factory = (ReactiveRedisConnectionFactory) this.connectionFactory;
		return Mono.usingWhen(Mono.fromSupplier(factory::getReactiveConnection), commands,
				ReactiveRedisConnection::closeLater);
	}

	private static byte[] toBytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	@Override
	public void put(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		execute((connection) -> connection.stringCommands().set(key, value, expiration(ttl), SetOption.upsert()));
		this.statistics.incPuts(name);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		byte[] existing = execute((connection) -> {
			Boolean stored = connection.stringCommands().set(key, value, expiration(ttl), SetOption.ifAbsent());
			return Boolean.TRUE.equals(stored) ? null : read(connection, key);
		});
		if (existing == null) {
			this.statistics.incPuts(name);
		}
		return existing;
	}

	@Override
	public void remove(String name, byte[] key) {
		evict(name, key);
	}

	@Override
	public void evict(String name, byte[] key) {
		evictIfPresent(name, key);
	}

	@Override
	public boolean evictIfPresent(String name, byte[] key) {
		Long removed = execute((connection) -> connection.keyCommands().unlink(key));
		this.statistics.incDeletes(name);
		return removed != null && removed > 0;
	}

	@Override
	public void clean(String name, byte[] pattern) {
		clear(name, pattern);
	}

	@Override
	public void clear(String name, byte[] pattern) {
		removeMatching(name, pattern);
	}

	@Override
	public boolean invalidate(String name, byte[] pattern) {
		return removeMatching(name, pattern) > 0;
	}

	/**
	 * Removes every key matching a pattern ({@code SCAN} + {@code UNLINK}).
	 * @param name the cache name, for statistics
	 * @param pattern the SCAN MATCH pattern
	 * @return how many keys were removed
	 */
	long removeMatching(String name, byte[] pattern) {
		long removed = execute((connection) -> unlinkMatching(connection, pattern));
		this.statistics.incDeletesBy(name, (int) Math.min(Integer.MAX_VALUE, removed));
		return removed;
	}

	/**
	 * Looks one key up for an operator: {@code TYPE}, {@code PTTL} and, for a string, {@code STRLEN}.
	 * @param key the key
	 * @return its type, remaining time to live in milliseconds (-1: none) and size ({@code null} unless a
	 * string), or {@code null} when it does not exist
	 */
	@Nullable KeyFacts inspect(byte[] key) {
		return execute((connection) -> {
			DataType type = connection.keyCommands().type(key);
			if (type == null || type == DataType.NONE) {
				return null;
			}
			Long pttl = connection.keyCommands().pTtl(key);
			if (pttl == null || pttl == -2) {
				return null; // expired in between
			}
			Long length = (type == DataType.STRING)
					? connection.stringCommands().strLen(key) : null;
			return new KeyFacts(type.code(), pttl, length);
		});
	}

	/**
	 * One key as Redis describes it.
	 * @param type the {@code TYPE} reply
	 * @param pttlMillis the {@code PTTL} reply: milliseconds left, -1 without expiry
	 * @param length the {@code STRLEN} reply, or {@code null} for another type than string
	 */
	record KeyFacts(String type, long pttlMillis, @Nullable Long length) {
	}

	private long unlinkMatching(RedisConnection connection, byte[] pattern) {
		ScanOptions options = ScanOptions.scanOptions().match(pattern).count(this.scanBatchSize).build();
		if (connection instanceof RedisClusterConnection cluster) {
			long removed = 0;
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster() && node.isConnected()) {
					removed += unlinkAll(cluster, cluster.scan(node, options));
				}
			}
			return removed;
		}
		return unlinkAll(connection, connection.keyCommands().scan(options));
	}

	private long unlinkAll(RedisConnection connection, Cursor<byte[]> cursor) {
		long removed = 0;
		List<byte[]> batch = new ArrayList<>(this.scanBatchSize);
		try (cursor) {
			while (cursor.hasNext()) {
				batch.add(cursor.next());
				if (batch.size() == this.scanBatchSize) {
					removed += unlink(connection, batch);
					batch.clear();
				}
			}
		}
		if (!batch.isEmpty()) {
			removed += unlink(connection, batch);
		}
		return removed;
	}

	private long unlink(RedisConnection connection, List<byte[]> keys) {
		Long removed = connection.keyCommands().unlink(keys.toArray(byte[][]::new));
		return (removed != null) ? removed : 0;
	}

	@Override
	public <T> T execute(Function<RedisConnection, T> callback) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return callback.apply(connection);
		}
	}

	@Override
	public void clearStatistics(String name) {
		this.statistics.reset(name);
	}

	@Override
	public CacheStatistics getCacheStatistics(String cacheName) {
		return this.statistics.getCacheStatistics(cacheName);
	}

	@Override
	public RedisCacheWriter withStatisticsCollector(CacheStatisticsCollector statistics) {
		return new SafeRedisCacheWriter(this.connectionFactory, this.scanBatchSize, statistics, this.readLimit);
	}

	private static Expiration expiration(@Nullable Duration ttl) {
		return (ttl == null || ttl.isZero() || ttl.isNegative()) ? Expiration.persistent()
				: Expiration.from(ttl.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

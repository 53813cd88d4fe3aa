package dev.cacheplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One real {@code redis-server} (from test-support) and three clients of it, shared by all benchmark
 * threads of a fork:
 * <ul>
 * <li>raw Lettuce ({@code ByteArrayCodec}, sync API, one connection), reading the very bytes Cache
 * Platform stored: the transport floor, no key conversion and no deserialization;</li>
 * <li>stock Spring Data Redis: {@code RedisCacheManager.create(lettuceConnectionFactory)}, database 0,
 * JDK serialization;</li>
 * <li>Cache Platform: the {@code CacheManager} of the auto-configuration (driver redis, cache role on
 * database 1, JSON envelope).</li>
 * </ul>
 * Both caches hold {@link Product#sample()} under {@code products::42}. Setup prints the stored size of
 * each entry ({@code STRLEN}).
 */
@State(Scope.Benchmark)
public class RedisFixture {

	static final String REDIS_KEY = "products::" + Product.KEY;

	static final byte[] REDIS_KEY_BYTES = REDIS_KEY.getBytes(StandardCharsets.UTF_8);

	/** Cache Platform's default database of the cache role. */
	static final int CACHE_PLATFORM_DATABASE = 1;

	RedisServer server;

	RedisClient lettuce;

	StatefulRedisConnection<byte[], byte[]> rawConnection;

	RedisCommands<byte[], byte[]> raw;

	LettuceConnectionFactory stockConnectionFactory;

	Cache stockCache;

	ConfigurableApplicationContext context;

	Cache ourCache;

	final LongAdder misses = new LongAdder();

	@Setup(Level.Trial)
	public void start() {
		this.server = RedisServer.builder().start();
		Product product = Product.sample();

		this.stockConnectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.server.host(), this.server.port()));
		this.stockConnectionFactory.afterPropertiesSet();
		this.stockConnectionFactory.start();
		this.stockCache = RedisCacheManager.create(this.stockConnectionFactory).getCache("products");
		this.stockCache.put(Product.KEY, product);

		// Entries live an hour, so however long a run is configured, every read stays a hit
		this.context = BenchmarkApplication.start(Map.of("cache-platform.redis.url", this.server.url(),
				"cache-platform.cache.ttl", "1h"));
		CacheManager cacheManager = this.context.getBean(CacheManager.class);
		if (!(cacheManager instanceof CachePlatformCacheManager platform)) {
			throw new IllegalStateException("Expected Cache Platform's CacheManager, got " + cacheManager.getClass());
		}
		this.ourCache = cacheManager.getCache("products");
		this.ourCache.put(Product.KEY, product);

		RedisURI uri = RedisURI.create(this.server.url());
		uri.setDatabase(CACHE_PLATFORM_DATABASE);
		this.lettuce = RedisClient.create(uri);
		this.rawConnection = this.lettuce.connect(ByteArrayCodec.INSTANCE);
		this.raw = this.rawConnection.sync();

		requireHits();
		report(platform);
	}

	private void report(CachePlatformCacheManager platform) {
		byte[] ours = this.raw.get(REDIS_KEY_BYTES);
		long oursLength = this.raw.strlen(REDIS_KEY_BYTES);
		this.raw.select(0);
		byte[] stock = this.raw.get(REDIS_KEY_BYTES);
		long stockLength = this.raw.strlen(REDIS_KEY_BYTES);
		this.raw.select(CACHE_PLATFORM_DATABASE);
		System.out.printf("%n[entry size] key %s: stock Spring Data Redis (db 0, JDK serialization) STRLEN=%d bytes, "
				+ "Cache Platform (db %d, %s) STRLEN=%d bytes, ratio ours/stock=%.2f%n", REDIS_KEY, stockLength,
				CACHE_PLATFORM_DATABASE, describe(ours), oursLength, (double) oursLength / stockLength);
		System.out.printf("[entry size] stock starts %s, ours starts %s; Cache Platform driver: %s%n",
				HexFormat.of().formatHex(stock, 0, 8), HexFormat.of().formatHex(ours, 0, 8),
				platform.getProvider().getClass().getSimpleName());
	}

	/** Names the envelope's format byte (see EnvelopeCodec). */
	private static String describe(byte[] envelope) {
		if (envelope.length < 5 || envelope[0] != (byte) 0xCC || envelope[1] != 0x50) {
			return "no envelope";
		}
		String format = switch (envelope[3]) {
			case 1, 3 -> "JSON";
			case 2 -> "JDK";
			default -> "format " + envelope[3];
		};
		return format + " envelope" + ((envelope[4] != 0) ? ", compressed" : "");
	}

	/** Every iteration must have measured hits only. */
	@TearDown(Level.Iteration)
	public void requireHits() {
		if (this.raw.get(REDIS_KEY_BYTES) == null || this.stockCache.get(Product.KEY) == null
				|| this.ourCache.get(Product.KEY) == null) {
			throw new IllegalStateException("An entry is gone: the benchmark would measure misses");
		}
		long missed = this.misses.sumThenReset();
		if (missed > 0) {
			// A miss here means a command failed (e.g. Cache Platform's 250 ms command timeout under load)
			System.out.printf("%n[warning] %d reads in this iteration were misses%n", missed);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.rawConnection != null) {
			this.rawConnection.close();
		}
		if (this.lettuce != null) {
			this.lettuce.shutdown();
		}
		if (this.context != null) {
			this.context.close();
		}
		if (this.stockConnectionFactory != null) {
			this.stockConnectionFactory.destroy();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	byte[] rawGet() {
		byte[] value = this.raw.get(REDIS_KEY_BYTES);
		if (value == null) {
			this.misses.increment();
		}
		return value;
	}

	Object stockGet() {
		return value(this.stockCache.get(Product.KEY));
	}

	Object ourGet() {
		return value(this.ourCache.get(Product.KEY));
	}

	private Object value(Cache.ValueWrapper wrapper) {
		if (wrapper == null) {
			this.misses.increment();
			return null;
		}
		return wrapper.get();
	}

}

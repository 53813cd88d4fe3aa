package dev.cacheplatform.benchmarks;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.memcached.RawBytesTranscoder;
import dev.cacheplatform.testsupport.MemcachedServer;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real {@code memcached} (from test-support) and the clients of it, shared by all benchmark threads of a
 * fork: the three Java clients the driver was chosen among (xmemcached, spymemcached, Folsom), each reading the
 * very bytes Cache Platform stored under {@code products#<generations>::42} (the transport floor, text protocol,
 * one connection), and two Cache Platform contexts ({@code CACHE_DRIVER=memcached}): one reusing the generation
 * numbers for a second (the default), one reading them with every call ({@code generation-refresh=0}).
 */
@State(Scope.Benchmark)
public class MemcachedFixture {

	MemcachedServer server;

	ConfigurableApplicationContext context;

	ConfigurableApplicationContext perCallContext;

	Cache ourCache;

	Cache perCallCache;

	String key;

	net.rubyeye.xmemcached.MemcachedClient xmemcached;

	net.spy.memcached.MemcachedClient spymemcached;

	MemcacheClient<byte[]> folsom;

	final LongAdder misses = new LongAdder();

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.server = MemcachedServer.start();
		Product product = Product.sample();
		this.context = BenchmarkApplication.start(Map.of("cache-platform.cache.driver", "memcached",
				"cache-platform.memcached.url", this.server.url(), "cache-platform.cache.ttl", "1h"));
		this.perCallContext = BenchmarkApplication.start(Map.of("cache-platform.cache.driver", "memcached",
				"cache-platform.memcached.url", this.server.url(), "cache-platform.cache.ttl", "1h",
				"cache-platform.memcached.generation-refresh", "0"));
		CacheManager cacheManager = this.context.getBean(CacheManager.class);
		if (!(cacheManager instanceof CachePlatformCacheManager)) {
			throw new IllegalStateException("Expected Cache Platform's CacheManager, got " + cacheManager.getClass());
		}
		this.ourCache = cacheManager.getCache("products");
		this.ourCache.put(Product.KEY, product);
		this.perCallCache = this.perCallContext.getBean(CacheManager.class).getCache("products");
		this.key = this.server.dumpedKeys()
			.stream()
			.filter((stored) -> stored.startsWith("products#") && stored.endsWith("::" + Product.KEY))
			.findFirst()
			.orElseThrow();

		XMemcachedClientBuilder builder = new XMemcachedClientBuilder(
				List.of(new InetSocketAddress(this.server.host(), this.server.port())));
		builder.setCommandFactory(new TextCommandFactory());
		this.xmemcached = builder.build();
		this.spymemcached = new net.spy.memcached.MemcachedClient(
				new InetSocketAddress(this.server.host(), this.server.port()));
		this.folsom = MemcacheClientBuilder.newByteArrayClient()
			.withAddress(this.server.host(), this.server.port())
			.connectAscii();
		this.folsom.awaitConnected(10, TimeUnit.SECONDS);
		requireHits();
		System.out.printf("%n[entry] %s: %d bytes in memcached%n", this.key, xmemcachedGet().length);
	}

	/** Every iteration must have measured hits only. */
	@TearDown(Level.Iteration)
	public void requireHits() throws Exception {
		if (xmemcachedGet() == null || spymemcachedGet() == null || folsomGet() == null
				|| this.ourCache.get(Product.KEY) == null || this.perCallCache.get(Product.KEY) == null) {
			throw new IllegalStateException("An entry is gone: the benchmark would measure misses");
		}
		long missed = this.misses.sumThenReset();
		if (missed > 0) {
			System.out.printf("%n[warning] %d reads in this iteration were misses%n", missed);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		if (this.folsom != null) {
			this.folsom.shutdown();
		}
		if (this.spymemcached != null) {
			this.spymemcached.shutdown();
		}
		if (this.xmemcached != null) {
			this.xmemcached.shutdown();
		}
		if (this.perCallContext != null) {
			this.perCallContext.close();
		}
		if (this.context != null) {
			this.context.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	byte[] xmemcachedGet() throws Exception {
		return counted(this.xmemcached.get(this.key, 1000, RawBytesTranscoder.INSTANCE));
	}

	byte[] spymemcachedGet() {
		return counted(this.spymemcached.get(this.key, RawSpymemcached.INSTANCE));
	}

	byte[] folsomGet() throws Exception {
		return counted(this.folsom.get(this.key).toCompletableFuture().get(1, TimeUnit.SECONDS));
	}

	Object ourGet() {
		return value(this.ourCache.get(Product.KEY));
	}

	Object perCallGet() {
		return value(this.perCallCache.get(Product.KEY));
	}

	private byte[] counted(byte[] value) {
		if (value == null) {
			this.misses.increment();
		}
		return value;
	}

	private Object value(Cache.ValueWrapper wrapper) {
		if (wrapper == null) {
			this.misses.increment();
			return null;
		}
		return wrapper.get();
	}

	/** The stored bytes as they are, for spymemcached. */
	enum RawSpymemcached implements net.spy.memcached.transcoders.Transcoder<byte[]> {

		INSTANCE;

		@Override
		public boolean asyncDecode(net.spy.memcached.CachedData data) {
			return false;
		}

		@Override
		public net.spy.memcached.CachedData encode(byte[] bytes) {
			return new net.spy.memcached.CachedData(0, bytes, getMaxSize());
		}

		@Override
		public byte[] decode(net.spy.memcached.CachedData data) {
			return data.getData();
		}

		@Override
		public int getMaxSize() {
			return net.spy.memcached.CachedData.MAX_SIZE;
		}

	}

}

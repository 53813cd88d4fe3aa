package dev.cacheplatform.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Single-threaded time of one cache hit against a real memcached: the three candidate clients reading the stored
 * bytes (the transport floor) and Cache Platform's {@code getCache("products").get(42L)} with
 * {@code CACHE_DRIVER=memcached}, with the generation numbers reused (default) or read with every call. Run it
 * beside {@link RedisHitLatency}: {@code benchmarks/run.sh 'RedisHitLatency|MemcachedHitLatency'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class MemcachedHitLatency {

	/** {@code get <key>} with xmemcached (the driver's client), text protocol, bytes only. */
	@Benchmark
	public byte[] rawXmemcached(MemcachedFixture memcached) throws Exception {
		return memcached.xmemcachedGet();
	}

	/** {@code get <key>} with spymemcached, bytes only. */
	@Benchmark
	public byte[] rawSpymemcached(MemcachedFixture memcached) {
		return memcached.spymemcachedGet();
	}

	/** {@code get <key>} with Folsom (ascii), bytes only, waiting for the future. */
	@Benchmark
	public byte[] rawFolsom(MemcachedFixture memcached) throws Exception {
		return memcached.folsomGet();
	}

	/** Cache Platform's {@code getCache("products").get(42L)}: generations reused, one {@code get}. */
	@Benchmark
	public Object cachePlatform(MemcachedFixture memcached) {
		return memcached.ourGet();
	}

	/** The same with {@code generation-refresh=0}: a {@code get} of the two generations, then the entry. */
	@Benchmark
	public Object cachePlatformGenerationPerCall(MemcachedFixture memcached) {
		return memcached.perCallGet();
	}

}

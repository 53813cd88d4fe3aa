package dev.cacheplatform.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Single-threaded time of one cache hit against a real redis-server (one round trip each).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class RedisHitLatency {

	/** {@code GET products::42} on a Lettuce sync connection: bytes only. */
	@Benchmark
	public byte[] rawLettuce(RedisFixture redis) {
		return redis.rawGet();
	}

	/** {@code RedisCacheManager.create(...).getCache("products").get(42L)}: JDK deserialization. */
	@Benchmark
	public Object springDataRedis(RedisFixture redis) {
		return redis.stockGet();
	}

	/** Cache Platform's {@code getCache("products").get(42L)}: tenant scope, fault tolerance, envelope codec. */
	@Benchmark
	public Object cachePlatform(RedisFixture redis) {
		return redis.ourGet();
	}

}

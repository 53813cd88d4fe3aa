package dev.cacheplatform.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cache hits per second from 16 threads sharing each client's one connection. On a small machine
 * (2 cores also running redis-server) this shows contention and pipelining, not scaling.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class RedisHitThroughput {

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

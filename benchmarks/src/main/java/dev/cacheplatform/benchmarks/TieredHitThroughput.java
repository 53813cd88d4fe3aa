package dev.cacheplatform.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * In-process cache hits per second from 16 threads (on 2 cores): raw Caffeine against level one of Cache Platform's tiered driver.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TieredHitThroughput {

	/** {@code cache.getIfPresent(42L)}. */
	@Benchmark
	public Object caffeine(TieredFixture tiered) {
		return tiered.caffeine.getIfPresent(Product.KEY);
	}

	/** Cache Platform's {@code getCache("products").get(42L).get()} on the tiered driver (a level-one hit). */
	@Benchmark
	public Object cachePlatform(TieredFixture tiered) {
		return tiered.ourCache.get(Product.KEY).get();
	}

}

package dev.cacheplatform.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The CPU part of a hit without the network: turning the stored bytes of {@link Product#sample()} back
 * into a {@code Product}. Stock Spring Data Redis's default value serializer (JDK serialization) against
 * Cache Platform's {@link EnvelopeCodec} configured as the auto-configuration does by default (JSON
 * preferred, Zstandard from 256 bytes, which this small value stays under, the benchmark package allowed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class CodecDecode {

	private RedisSerializer<Object> stock;

	private EnvelopeCodec ours;

	private byte[] stockBytes;

	private byte[] ourBytes;

	@Setup(Level.Trial)
	public void setUp() {
		Product product = Product.sample();
		this.stock = RedisSerializer.java(CodecDecode.class.getClassLoader());
		this.stockBytes = this.stock.serialize(product);
		this.ours = new EnvelopeCodec(TypeAllowList.of(List.of(CodecDecode.class.getPackageName())), Format.JSON,
				Compression.ZSTD, 256, (warning) -> System.out.println("[codec warning] " + warning));
		this.ourBytes = this.ours.encode(product);
		if (!product.equals(this.stock.deserialize(this.stockBytes)) || !product.equals(this.ours.decode(this.ourBytes))) {
			throw new IllegalStateException("A codec does not round-trip the product");
		}
		System.out.printf("%n[codec] stock JDK serialization: %d bytes; Cache Platform envelope: %d bytes%n",
				this.stockBytes.length, this.ourBytes.length);
	}

	/** {@code JdkSerializationRedisSerializer.deserialize}: what stock {@code RedisCache.get} does with the bytes. */
	@Benchmark
	public Object springDataRedisJdk() {
		return this.stock.deserialize(this.stockBytes);
	}

	/** {@code EnvelopeCodec.decode}: what Cache Platform's Redis cache does with the bytes. */
	@Benchmark
	public Object cachePlatformEnvelope() {
		return this.ours.decode(this.ourBytes);
	}

}

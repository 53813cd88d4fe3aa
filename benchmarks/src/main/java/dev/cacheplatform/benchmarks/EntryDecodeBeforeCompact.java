package dev.cacheplatform.benchmarks;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
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

/**
 * Reading an entry that the codec wrote before the compact form (format 1: JSON with class names, not
 * compressed, as the default settings of then stored {@link CatalogueItem#sample()}): what a hit on an
 * entry left by the previous version costs after an upgrade, to set beside {@link EntrySize}'s decode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class EntryDecodeBeforeCompact {

	/** {@code EnvelopeCodec.encode(CatalogueItem.sample())} as of commit 1fa1796 (JSON, LZ4 from 1 KiB). */
	static final byte[] WRITTEN_BEFORE = HexFormat.of()
		.parseHex("cc50010100002a6465762e6361636865706c6174666f726d2e62656e63686d61726b732e436174616c6f677565497465"
			+ "6d7b226964223a34322c22736b75223a224553502d313530302d5353222c226e616d65223a22457370726573736f206d"
			+ "616368696e652c20737461696e6c65737320737465656c2c20313520626172222c226465736372697074696f6e223a22"
			+ "4120636f6d7061637420657370726573736f206d616368696e65207769746820612031352d6261722070756d702c2061"
			+ "20737461696e6c65737320737465656c20626f696c657220616e64206120737465616d2077616e6420666f72206d696c"
			+ "6b2e20497420686561747320757020696e20756e6465722061206d696e7574652c206b65657073207468652077617465"
			+ "722061742061207374656164792074656d7065726174757265207768696c6520796f752070756c6c20612073686f742c"
			+ "20616e64207475726e7320697473656c66206f6666206166746572207477656e7479206d696e757465732e2054686520"
			+ "64726970207472617920616e64207468652077617465722074616e6b20636f6d65206f757420666f7220636c65616e69"
			+ "6e672e205368697073207769746820612074616d7065722c20322066696c746572206261736b65747320616e64206120"
			+ "6d6561737572696e672073706f6f6e2e222c227072696365223a3234392e39302c2263757272656e6379223a22455552"
			+ "222c2274616773223a5b226a6176612e7574696c2e496d6d757461626c65436f6c6c656374696f6e73244c6973744e22"
			+ "2c5b226b69746368656e222c22636f66666565222c22657370726573736f222c226170706c69616e636573222c226769"
			+ "6674225d5d2c22637265617465644174223a22323032352d30312d31355431303a31353a33302e3132333435365a222c"
			+ "22757064617465644174223a22323032352d30362d30325430383a34353a31322e3635343332315a222c226163746976"
			+ "65223a747275652c2273746f636b223a31377d");

	private EnvelopeCodec codec;

	@Setup(Level.Trial)
	public void setUp() {
		this.codec = new EnvelopeCodec(EntryEncoding.ALLOW_LIST, Format.JSON, Compression.ZSTD, 256,
				(warning) -> System.out.println("[codec warning] " + warning));
		if (!CatalogueItem.sample().equals(this.codec.decode(WRITTEN_BEFORE))) {
			throw new IllegalStateException("The entry written before the compact form does not read back");
		}
	}

	/** The old entry back to the value, by today's codec. */
	@Benchmark
	public Object decode() {
		return this.codec.decode(WRITTEN_BEFORE);
	}

}

package dev.cacheplatform.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cacheplatform.codec.fixtures.Product;

/** Codecs, sample values and hand-made envelopes for the codec tests. */
public final class TestCodecs {

	static final String FIXTURES = "dev.cacheplatform.codec.fixtures";

	static final TypeAllowList ALLOW_LIST = TypeAllowList.of(List.of(FIXTURES));

	static final String PROPERTY = "cache-platform.cache.serialization.allowed-packages";

	final List<String> warnings = new CopyOnWriteArrayList<>();

	final EnvelopeCodec codec;

	private TestCodecs(Format format, Compression compression, int threshold) {
		this.codec = new EnvelopeCodec(ALLOW_LIST, format, compression, threshold, this.warnings::add);
	}

	/** JSON preferred, Zstandard from 256 bytes: the defaults. */
	static TestCodecs json() {
		return new TestCodecs(Format.JSON, Compression.ZSTD, 256);
	}

	static TestCodecs of(Format format, Compression compression, int threshold) {
		return new TestCodecs(format, compression, threshold);
	}

	Object roundTrip(Object value) {
		return this.codec.decode(this.codec.encode(value));
	}

	static Product product() {
		return new Product(42, "Espresso cup", new BigDecimal("1.50"), List.of("kitchen", "coffee"),
				Instant.parse("2025-03-14T09:26:53.589793238Z"));
	}

	/** @return the format byte of an envelope */
	static int formatOf(byte[] envelope) {
		return envelope[3];
	}

	/** @return the compression byte of an envelope */
	static int compressionOf(byte[] envelope) {
		return envelope[4];
	}

	/** Builds an uncompressed JSON envelope by the documented layout, with class names (format 1). */
	public static byte[] jsonEnvelope(String rootType, String json) {
		byte[] name = rootType.getBytes(StandardCharsets.UTF_8);
		byte[] payload = json.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(7 + name.length + payload.length)
			.put(new byte[] { (byte) 0xCC, 0x50, 1, 1, 0 })
			.putShort((short) name.length)
			.put(name)
			.put(payload)
			.array();
	}

	/** Builds an uncompressed JDK envelope by the documented layout. */
	static byte[] jdkEnvelope(byte[] stream) {
		return ByteBuffer.allocate(5 + stream.length).put(new byte[] { (byte) 0xCC, 0x50, 1, 2, 0 }).put(stream).array();
	}

	/** @return the bytes stock Spring Data Redis's JDK serializer writes for the value */
	static byte[] javaSerialized(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	/** Renames a class in a Java serialization stream (its descriptor holds the name once). */
	static byte[] renameClass(byte[] stream, String from, String to) {
		byte[] fromUtf = withLength(from);
		byte[] toUtf = withLength(to);
		for (int i = 0; i <= stream.length - fromUtf.length; i++) {
			if (ByteBuffer.wrap(stream, i, fromUtf.length).equals(ByteBuffer.wrap(fromUtf))) {
				return ByteBuffer.allocate(stream.length - fromUtf.length + toUtf.length)
					.put(stream, 0, i)
					.put(toUtf)
					.put(stream, i + fromUtf.length, stream.length - i - fromUtf.length)
					.array();
			}
		}
		throw new IllegalArgumentException(from + " is not in the stream");
	}

	private static byte[] withLength(String name) {
		byte[] utf = name.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(2 + utf.length).putShort((short) utf.length).put(utf).array();
	}

}

package dev.cacheplatform.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.github.luben.zstd.Zstd;
import dev.cacheplatform.codec.fixtures.CatalogueItem;
import dev.cacheplatform.codec.fixtures.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The compact form written since issue 14 (JSON with short type ids, format 3; magicless Zstandard
 * frames, compression 3), and the forms written before it, which stay readable.
 */
class EnvelopeCodecCompactFormatTests {

	/** The largest entry in jemalloc's 512-byte class, with the 6 bytes Redis adds to a string. */
	private static final int JEMALLOC_512_CLASS_MAX_STRLEN = 506;

	private final TestCodecs codecs = TestCodecs.json();

	@Test
	void realisticValueFitsJemallocs512ByteClassAndRoundTrips() {
		CatalogueItem item = CatalogueItem.sample();
		byte[] envelope = this.codecs.codec.encode(item);
		byte[] lz4 = TestCodecs.of(Format.JSON, Compression.LZ4, 256).codec.encode(item);
		System.out.printf("CatalogueItem: %d bytes compact with Zstandard, %d with LZ4%n", envelope.length, lz4.length);
		assertThat(envelope.length).isLessThanOrEqualTo(JEMALLOC_512_CLASS_MAX_STRLEN);
		// Written before the compact form with the default settings of then (JSON, LZ4 from 1 KiB): 743 bytes
		assertThat(envelope.length).isLessThan(fixture("json").length * 7 / 10);
		assertThat(this.codecs.codec.decode(envelope)).isEqualTo(item);
		assertThat(TestCodecs.of(Format.JSON, Compression.NONE, 0).codec.decode(envelope)).isEqualTo(item);
	}

	@Test
	void zstandardEnvelopeHoldsAMagiclessFrameAgainstTheBundledDictionaryThatDeclaresItsLength() throws IOException {
		CatalogueItem item = CatalogueItem.sample();
		byte[] envelope = this.codecs.codec.encode(item);
		byte[] name = CatalogueItem.class.getName().getBytes(StandardCharsets.UTF_8);
		assertThat(Arrays.copyOf(envelope, 5)).containsExactly(0xCC, 0x50, 1, 3, 4);
		ByteBuffer buffer = ByteBuffer.wrap(envelope, 5, envelope.length - 5);
		assertThat(buffer.getShort()).isEqualTo((short) name.length);
		int frame = 7 + name.length;
		long declared = Zstd.getFrameContentSize(envelope, frame, envelope.length - frame, true);
		byte[] dictionary;
		try (InputStream in = EnvelopeCodec.class.getResourceAsStream("zstd-dictionary-1.bin")) {
			dictionary = in.readAllBytes();
		}
		byte[] json = Zstd.decompress(withMagic(Arrays.copyOfRange(envelope, frame, envelope.length)), dictionary,
				(int) declared);
		assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"id\":42,\"sku\":\"ESP-1500-SS\"")
			.contains("\"tags\":[\"ListN\",[\"kitchen\"")
			.doesNotContain("java.util");
	}

	@ParameterizedTest
	@ValueSource(strings = { "zstd-magicless", "zstd-dictionary-1" })
	void compactEntriesWrittenByEarlierVersionsStillRead(String name) {
		byte[] envelope = compactFixture(name);
		assertThat(this.codecs.codec.decode(envelope)).isEqualTo(CatalogueItem.sample());
		assertThat(TestCodecs.of(Format.JSON, Compression.NONE, 0).codec.decode(envelope))
			.isEqualTo(CatalogueItem.sample());
	}

	@Test
	void theDictionaryTakesAFifthOffARealisticValue() {
		byte[] withDictionary = this.codecs.codec.encode(CatalogueItem.sample());
		byte[] withoutDictionary = compactFixture("zstd-magicless");
		assertThat(withDictionary.length).as("in jemalloc's 448-byte class").isLessThanOrEqualTo(444);
		assertThat(withDictionary.length).isLessThan(withoutDictionary.length * 85 / 100);
	}

	@Test
	void commonCollectionsCarryShortTypeIds() {
		TestCodecs plain = TestCodecs.of(Format.JSON, Compression.NONE, 0);
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("list", new ArrayList<>(List.of(1, 2)));
		map.put("set", Set.of(Status.ACTIVE));
		map.put("sorted", new TreeMap<>(Map.of("a", "b")));
		map.put("fixed", List.of("x", "y", "z"));
		byte[] envelope = plain.codec.encode(map);
		String text = new String(envelope, StandardCharsets.ISO_8859_1);
		assertThat(text).contains("LinkedHashMap{").contains("\"ArrayList\"").contains("\"Set12\"")
			.contains("\"TreeMap\"").contains("\"ListN\"").doesNotContain("java.util.");
		assertThat(plain.roundTrip(map)).isEqualTo(map);
	}

	@Test
	void fullClassNamesStillReadInTheCompactFormat() {
		String json = "[\"java.util.ArrayList\",[[\"java.util.ImmutableCollections$ListN\",[\"a\",\"b\",\"c\"]]]]";
		byte[] envelope = TestCodecs.jsonEnvelope("java.util.ArrayList", json);
		envelope[3] = 3;
		assertThat(this.codecs.codec.decode(envelope)).isEqualTo(List.of(List.of("a", "b", "c")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "json-lz4", "json-zstd", "jdk-zstd" })
	void entriesWrittenBeforeTheCompactFormatStillRead(String name) {
		byte[] envelope = fixture(name);
		assertThat(this.codecs.codec.decode(envelope)).isEqualTo(CatalogueItem.sample());
		assertThat(TestCodecs.of(Format.JDK, Compression.LZ4, 1024).codec.decode(envelope))
			.isEqualTo(CatalogueItem.sample());
	}

	@Test
	void listWrittenBeforeTheCompactFormatStillReads() {
		assertThat(this.codecs.codec.decode(fixture("list-json")))
			.isEqualTo(List.of(CatalogueItem.sample(), CatalogueItem.sample()));
	}

	@Test
	void frameDeclaringMoreThanTheLimitIsRefusedBeforeAllocation() {
		EnvelopeCodec codec = new EnvelopeCodec(TestCodecs.ALLOW_LIST, Format.JSON, Compression.ZSTD, 0, 4096,
				(warning) -> {
				});
		// Claims 2 GiB: allocating it would fail with OutOfMemoryError, so a TOO_LARGE proves the check came first
		byte[] envelope = compactEnvelope(frame(Integer.MAX_VALUE, "{}"));
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> codec.decode(envelope))
			.withMessageContaining("declares an uncompressed length of 2147483647 bytes, over the limit of 4096")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(UnreadableReason.TOO_LARGE));
	}

	@Test
	void frameWhoseDataDoesNotMatchItsDeclaredLengthIsCorrupt() {
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(compactEnvelope(frame(100, "{}"))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(UnreadableReason.CORRUPT));
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(compactEnvelope(frame(1, "{}"))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(UnreadableReason.CORRUPT));
	}

	@Test
	void frameWithoutADeclaredLengthIsCorrupt() {
		// Frame header descriptor 0x00: no content size field, not single-segment, so a window descriptor follows
		byte[] frame = ByteBuffer.allocate(2 + 3 + 2).put((byte) 0).put((byte) 0).put(rawBlock(2)).put("{}".getBytes())
			.array();
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(compactEnvelope(frame)))
			.withMessageContaining("declares no valid size");
	}

	@Test
	void shortIdNamingNoKnownClassIsRefused() {
		byte[] envelope = TestCodecs.jsonEnvelope("java.util.ArrayList", "[\"ArrayList\",[[\"Runtime\",[]]]]");
		envelope[3] = 3;
		assertThatExceptionOfType(RefusedTypeException.class).isThrownBy(() -> this.codecs.codec.decode(envelope))
			.satisfies((ex) -> assertThat(ex.refusedType()).isEqualTo("Runtime"));
		byte[] root = TestCodecs.jsonEnvelope("Runtime", "{}");
		assertThatExceptionOfType(RefusedTypeException.class).isThrownBy(() -> this.codecs.codec.decode(root));
	}

	/** A magicless frame that declares {@code declared} bytes and holds {@code content} as one raw block. */
	private static byte[] frame(int declared, String content) {
		byte[] data = content.getBytes(StandardCharsets.UTF_8);
		// Descriptor 0xA0: a 4-byte content size, single segment (no window descriptor)
		return ByteBuffer.allocate(1 + 4 + 3 + data.length).order(ByteOrder.LITTLE_ENDIAN)
			.put((byte) 0xA0)
			.putInt(declared)
			.put(rawBlock(data.length))
			.put(data)
			.array();
	}

	/** The 3-byte header of the last block of a frame, raw, of this many bytes. */
	private static byte[] rawBlock(int size) {
		int header = (size << 3) | 1;
		return new byte[] { (byte) header, (byte) (header >>> 8), (byte) (header >>> 16) };
	}

	private static byte[] compactEnvelope(byte[] frame) {
		byte[] name = CatalogueItem.class.getName().getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(7 + name.length + frame.length)
			.put(new byte[] { (byte) 0xCC, 0x50, 1, 3, 3 })
			.putShort((short) name.length)
			.put(name)
			.put(frame)
			.array();
	}

	private static byte[] withMagic(byte[] magicless) {
		return ByteBuffer.allocate(4 + magicless.length).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFD2FB528)
			.put(magicless).array();
	}

	/** An envelope written before the compact form (see envelopes-before-compact-format.txt). */
	static byte[] fixture(String name) {
		return fixture("envelopes-before-compact-format.txt", name);
	}

	/** A compact envelope written by an earlier version (see envelopes-compact-format.txt). */
	static byte[] compactFixture(String name) {
		return fixture("envelopes-compact-format.txt", name);
	}

	private static byte[] fixture(String file, String name) {
		try (InputStream in = EnvelopeCodecCompactFormatTests.class.getResourceAsStream(file)) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
				String[] fields = line.split(" ");
				if (fields.length == 2 && fields[0].equals(name)) {
					return HexFormat.of().parseHex(fields[1]);
				}
			}
			throw new IllegalArgumentException("No fixture " + name);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

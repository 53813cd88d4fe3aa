package dev.cacheplatform.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import dev.cacheplatform.codec.fixtures.Product;
import dev.cacheplatform.codec.fixtures.Status;
import dev.cacheplatform.codec.fixtures.Temperature;
import dev.cacheplatform.codec.fixtures.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.cacheplatform.codec.TestCodecs.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The envelope's layout, compression, stock Spring entries, and bytes that cannot be read. */
class EnvelopeCodecFormatTests {

	private final TestCodecs codecs = TestCodecs.json();

	@Test
	void jsonEnvelopeHasTheDocumentedLayout() {
		byte[] envelope = this.codecs.codec.encode(product());
		byte[] name = Product.class.getName().getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.wrap(envelope);
		assertThat(new byte[] { buffer.get(), buffer.get(), buffer.get(), buffer.get(), buffer.get() })
			.containsExactly(0xCC, 0x50, 1, 3, 0);
		assertThat(buffer.getShort()).isEqualTo((short) name.length);
		byte[] storedName = new byte[name.length];
		buffer.get(storedName);
		assertThat(storedName).isEqualTo(name);
		String json = StandardCharsets.UTF_8.decode(buffer).toString();
		assertThat(json).startsWith("{\"id\":42,").contains("\"price\":1.50").doesNotContain("@class");
	}

	@Test
	void jdkEnvelopeHoldsAPlainJavaSerializationStream() throws Exception {
		byte[] envelope = this.codecs.codec.encode(new Temperature(20));
		assertThat(Arrays.copyOf(envelope, 5)).containsExactly(0xCC, 0x50, 1, 2, 0);
		assertThat(Arrays.copyOfRange(envelope, 5, envelope.length))
			.isEqualTo(TestCodecs.javaSerialized(new Temperature(20)));
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "LZ4", "ZSTD" })
	void largeValuesAreCompressedAndRoundTrip(Compression compression) {
		TestCodecs codecs = TestCodecs.of(Format.JSON, compression, 1024);
		Text text = new Text("All work and no play makes Jack a dull boy. ".repeat(240));
		byte[] envelope = codecs.codec.encode(text);
		int rawJsonLength = ("{\"body\":\"" + text.body() + "\"}").length();
		System.out.printf("%s: %,d-byte JSON stored in %,d bytes%n", compression, rawJsonLength, envelope.length);
		assertThat(rawJsonLength).isGreaterThan(10_000);
		assertThat(TestCodecs.compressionOf(envelope)).isEqualTo(compression.id());
		assertThat(envelope.length).isLessThan(rawJsonLength / 10);
		assertThat(codecs.codec.decode(envelope)).isEqualTo(text);
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "LZ4", "ZSTD" })
	void valuesBelowTheThresholdAreStoredRaw(Compression compression) {
		TestCodecs codecs = TestCodecs.of(Format.JSON, compression, 1024);
		Text text = new Text("short ".repeat(100));
		byte[] envelope = codecs.codec.encode(text);
		assertThat(TestCodecs.compressionOf(envelope)).isEqualTo(Compression.NONE.id());
		assertThat(new String(envelope, StandardCharsets.UTF_8)).contains(text.body());
		assertThat(codecs.codec.decode(envelope)).isEqualTo(text);
	}

	@Test
	void compressedJdkPayloadRoundTrips() {
		TestCodecs codecs = TestCodecs.of(Format.JDK, Compression.ZSTD, 64);
		Product product = product();
		byte[] envelope = codecs.codec.encode(product);
		assertThat(TestCodecs.formatOf(envelope)).isEqualTo(Format.JDK.id());
		assertThat(TestCodecs.compressionOf(envelope)).isEqualTo(Compression.ZSTD.id());
		assertThat(codecs.codec.decode(envelope)).isEqualTo(product);
	}

	@Test
	void everyCompressionIsReadableWhateverIsConfigured() {
		byte[] lz4 = TestCodecs.of(Format.JSON, Compression.LZ4, 0).codec.encode(product());
		byte[] zstd = TestCodecs.of(Format.JSON, Compression.ZSTD, 0).codec.encode(product());
		EnvelopeCodec plain = TestCodecs.of(Format.JSON, Compression.NONE, 0).codec;
		assertThat(plain.decode(lz4)).isEqualTo(product());
		assertThat(plain.decode(zstd)).isEqualTo(product());
	}

	@Test
	void stockSpringJdkEntriesAreRead() throws Exception {
		Map<String, String> map = new HashMap<>(Map.of("a", "1", "b", "2"));
		assertThat(this.codecs.codec.decode(TestCodecs.javaSerialized(map))).isEqualTo(map);
		assertThat(this.codecs.codec.decode(TestCodecs.javaSerialized(product()))).isEqualTo(product());
		List<Product> list = new java.util.ArrayList<>(List.of(product()));
		assertThat(this.codecs.codec.decode(TestCodecs.javaSerialized(list))).isEqualTo(list);
	}

	@ParameterizedTest
	@MethodSource("jdkInternals")
	void stockSpringJdkEntriesOfBuiltInTypesAreRead(Object value) throws Exception {
		// JDK streams also name the proxies, superclasses and arrays these types serialize through
		assertThat(this.codecs.codec.decode(TestCodecs.javaSerialized(value))).isEqualTo(value);
	}

	static Stream<Object> jdkInternals() {
		EnumMap<Status, String> enumMap = new EnumMap<>(Status.class);
		enumMap.put(Status.ACTIVE, "a");
		return Stream.of(List.of(1, 2, 3), Set.of("a"), Map.of("k", 1L), EnumSet.of(Status.RETIRED), enumMap,
				Collections.unmodifiableList(new ArrayList<>(List.of("x"))), Collections.emptyMap(),
				Collections.singletonList(BigDecimal.TEN), Arrays.asList("a", "b"), new TreeMap<>(Map.of("b", 2)),
				new LinkedHashSet<>(List.of('c')), true, 42, (short) 7, 2.5f, UUID.nameUUIDFromBytes(new byte[1]),
				ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")), LocalDate.of(2025, 2, 3),
				Duration.ofHours(3), new BigInteger("123456789012345678901234567890"), Locale.CANADA_FRENCH,
				Currency.getInstance("EUR"), URI.create("https://example.com/a"), new Date(0), new Timestamp(1),
				Status.ACTIVE);
	}

	@Test
	void everyTruncationIsUnreadable() {
		for (byte[] envelope : List.of(this.codecs.codec.encode(product()),
				TestCodecs.of(Format.JSON, Compression.LZ4, 0).codec.encode(product()),
				TestCodecs.of(Format.JSON, Compression.ZSTD, 0).codec.encode(product()),
				this.codecs.codec.encode(new Temperature(1)))) {
			for (int length = 0; length < envelope.length; length++) {
				byte[] truncated = Arrays.copyOf(envelope, length);
				assertThatExceptionOfType(ValueUnreadableException.class).as("truncated to %d bytes", length)
					.isThrownBy(() -> this.codecs.codec.decode(truncated));
			}
		}
	}

	@Test
	void corruptCompressedPayloadIsUnreadable() {
		for (Compression compression : List.of(Compression.LZ4, Compression.ZSTD)) {
			byte[] envelope = TestCodecs.of(Format.JSON, compression, 0).codec.encode(product());
			for (int i = envelope.length - 20; i < envelope.length; i += 3) {
				envelope[i] ^= 0x5A;
			}
			assertThatExceptionOfType(ValueUnreadableException.class)
				.isThrownBy(() -> this.codecs.codec.decode(envelope));
		}
	}

	@Test
	void declaredUncompressedLengthIsBounded() {
		byte[] envelope = TestCodecs.of(Format.JDK, Compression.LZ4, 0).codec.encode(product());
		ByteBuffer.wrap(envelope).putInt(5, Integer.MAX_VALUE);
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(envelope))
			.withMessageContaining("uncompressed length");
	}

	@Test
	void malformedJsonAndJdkPayloadsAreUnreadable() {
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(TestCodecs.jsonEnvelope(Product.class.getName(), "{\"id\":1,,}")))
			.withMessageContaining(Product.class.getName());
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec
			.decode(TestCodecs.jdkEnvelope(new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0x7F })));
	}

	@Test
	void unknownVersionFormatOrCompressionIsUnreadable() {
		byte[] envelope = this.codecs.codec.encode(product());
		assertUnreadable(with(envelope, 2, 2), "envelope version 2 is not supported");
		assertUnreadable(with(envelope, 3, 9), "format id 9 is unknown");
		assertUnreadable(with(envelope, 4, 7), "compression id 7 is unknown");
		assertUnreadable(with(envelope, 0, 0x7B), "neither a cache-platform envelope nor a Java serialization stream");
		assertUnreadable(new byte[0], "neither");
	}

	@Test
	void randomBytesAreUnreadable() {
		Random random = new Random(20250314);
		byte[] header = Arrays.copyOf(this.codecs.codec.encode(product()), 7 + Product.class.getName().length());
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = new byte[random.nextInt(300)];
			random.nextBytes(bytes);
			assertThatExceptionOfType(ValueUnreadableException.class)
				.isThrownBy(() -> this.codecs.codec.decode(bytes));
			byte[] withHeader = ByteBuffer.allocate(header.length + bytes.length).put(header).put(bytes).array();
			assertThatExceptionOfType(ValueUnreadableException.class)
				.isThrownBy(() -> this.codecs.codec.decode(withHeader));
			byte[] jdk = TestCodecs.jdkEnvelope(bytes);
			assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(jdk));
		}
	}

	@Test
	void messagesNeverQuoteStoredValues() {
		String json = "{\"id\":\"s3cr3t-t0ken\",\"name\":\"s3cr3t-t0ken\",\"price\":\"s3cr3t-t0ken\"}";
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(TestCodecs.jsonEnvelope(Product.class.getName(), json)))
			.withMessageContaining(Product.class.getName())
			.withMessageNotContaining("s3cr3t")
			.satisfies((ex) -> assertThat(ex.getCause()).isNull());
		String typeIdAsData = "{\"content\":[\"s3cr3t-t0ken\",[]]}";
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(TestCodecs.jsonEnvelope(
					dev.cacheplatform.codec.fixtures.Box.class.getName(), typeIdAsData)))
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void jsonEnvelopeIsSmallerThanJavaSerialization() throws Exception {
		Product product = new Product(1_000_042, "Stainless steel espresso cup, 90 ml", new BigDecimal("12.90"),
				List.of("kitchen", "coffee", "gift"), java.time.Instant.parse("2025-03-14T09:26:53.589Z"));
		int json = this.codecs.codec.encode(product).length;
		int jdk = TestCodecs.javaSerialized(product).length;
		System.out.printf("Product record: JSON envelope %d bytes, plain JDK serialization %d bytes%n", json, jdk);
		assertThat(json).isLessThan(jdk);
	}

	private static byte[] with(byte[] envelope, int index, int value) {
		byte[] copy = envelope.clone();
		copy[index] = (byte) value;
		return copy;
	}

	private void assertUnreadable(byte[] bytes, String message) {
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(bytes))
			.withMessageContaining(message);
	}

}

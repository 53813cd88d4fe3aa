package dev.cacheplatform.session.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.codec.ValueNotStorableException;
import dev.cacheplatform.session.redis.fixtures.CartLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The session codec alone: round trips, the allow-list, compression, encryption, rotation and key parsing.
 */
class EnvelopeSessionCodecTests {

	static final byte[] KEY_A = key(1, 32);

	static final byte[] KEY_B = key(2, 16);

	private static final String SECRET = "Zebra-Quokka-4711";

	@Test
	void stateWithStringIntegerAndRecordRoundTrips() throws Exception {
		SessionState state = state(Map.of("name", "alice", "count", 42, "cart", new CartLine("sku-1", 2)));
		SessionState read = SessionTestSupport.codec().decode(SessionTestSupport.codec().encode(state));
		assertThat(read).usingRecursiveComparison().isEqualTo(state);
		assertThat(read.attributes()).isEqualTo(state.attributes());
	}

	@Test
	void givenPackagesAreAllowedAndOthersRefusedAtEncode() throws Exception {
		SessionState state = state(Map.of("counter", new java.util.concurrent.atomic.AtomicLong(5)));
		EnvelopeSessionCodec allowing = new EnvelopeSessionCodec(
				TypeAllowList.of(List.of("java.util.concurrent.atomic")), SessionTestSupport.warnings::add);
		assertThat(allowing.decode(allowing.encode(state)).attributes().get("counter").toString())
			.isEqualTo("5");
		assertThatExceptionOfType(ValueNotStorableException.class)
			.isThrownBy(() -> SessionTestSupport.codec().encode(state))
			.withMessageContaining("java.util.concurrent.atomic.AtomicLong");
	}

	@Test
	void largeSessionIsCompressed() throws Exception {
		SessionState state = state(Map.of("page", "lorem ipsum ".repeat(1000)));
		byte[] bytes = SessionTestSupport.codec().encode(state);
		assertThat(bytes.length).isLessThan(2000);
		assertThat(bytes[4]).as("LZ4 compression id").isEqualTo((byte) 1);
		assertThat(SessionTestSupport.codec().decode(bytes).attributes()).isEqualTo(state.attributes());
	}

	@Test
	void corruptOrTruncatedBytesAreUnreadable() {
		EnvelopeSessionCodec codec = SessionTestSupport.codec();
		assertThatExceptionOfType(SessionUnreadableException.class).isThrownBy(() -> codec.decode(new byte[] { 1, 2 }));
		assertThatExceptionOfType(SessionUnreadableException.class).isThrownBy(() -> codec.decode(truncated(codec)));
	}

	@Test
	void encryptedBytesHideTheAttributesAndRoundTrip() throws Exception {
		EnvelopeSessionCodec codec = SessionTestSupport.codec(List.of(KEY_A));
		SessionState state = state(Map.of("secret", SECRET));
		byte[] first = codec.encode(state);
		byte[] second = codec.encode(state);
		assertThat(contains(first, SECRET.getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(first[0]).isEqualTo((byte) 0xE5);
		assertThat(first[1]).isEqualTo((byte) 1);
		assertThat(keyId(first)).isEqualTo(expectedKeyId(KEY_A));
		assertThat(first).as("random IV per write").isNotEqualTo(second);
		assertThat(codec.decode(first).attributes()).containsEntry("secret", SECRET);
	}

	@Test
	void rotationReadsOldKeysAndWritesWithTheFirst() throws Exception {
		SessionState state = state(Map.of("secret", SECRET));
		byte[] withA = SessionTestSupport.codec(List.of(KEY_A)).encode(state);
		EnvelopeSessionCodec rotated = SessionTestSupport.codec(List.of(KEY_B, KEY_A));
		assertThat(rotated.decode(withA).attributes()).containsEntry("secret", SECRET);
		assertThat(keyId(rotated.encode(state))).isEqualTo(expectedKeyId(KEY_B));
		assertThatExceptionOfType(SessionUnreadableException.class)
			.isThrownBy(() -> SessionTestSupport.codec(List.of(KEY_B)).decode(withA))
			.withMessageContaining("not configured");
	}

	@Test
	void tamperedCiphertextIsUnreadable() throws Exception {
		byte[] bytes = SessionTestSupport.codec(List.of(KEY_A)).encode(state(Map.of("secret", SECRET)));
		bytes[bytes.length - 20] ^= 1;
		assertThatExceptionOfType(SessionUnreadableException.class)
			.isThrownBy(() -> SessionTestSupport.codec(List.of(KEY_A)).decode(bytes));
		assertThatExceptionOfType(SessionUnreadableException.class).as("encrypted, but no key configured")
			.isThrownBy(() -> SessionTestSupport.codec().decode(bytes));
	}

	@Test
	void plaintextWrittenBeforeEncryptionStillReads() throws Exception {
		SessionState state = state(Map.of("secret", SECRET));
		byte[] plaintext = SessionTestSupport.codec().encode(state);
		assertThat(SessionTestSupport.codec(List.of(KEY_A)).decode(plaintext).attributes())
			.containsEntry("secret", SECRET);
	}

	@Test
	void parseKeysReadsBase64InOrder() {
		String a = Base64.getEncoder().encodeToString(KEY_A);
		String b = Base64.getUrlEncoder().encodeToString(KEY_B);
		List<byte[]> keys = EnvelopeSessionCodec.parseKeys(" " + b + " , " + a);
		assertThat(keys).hasSize(2);
		assertThat(keys.get(0)).isEqualTo(KEY_B);
		assertThat(keys.get(1)).isEqualTo(KEY_A);
		assertThat(EnvelopeSessionCodec.parseKeys("  ")).isEmpty();
	}

	@Test
	void parseKeysNamesTheBadEntryByPositionNeverByValue() {
		String good = Base64.getEncoder().encodeToString(KEY_A);
		String notBase64 = "s3cr%t*not-base64!";
		String shortKey = Base64.getEncoder().encodeToString("tooShortKey".getBytes(StandardCharsets.UTF_8));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeSessionCodec.parseKeys(good + "," + notBase64))
			.withMessage("Encryption key 2 of 2 is not valid base64")
			.withNoCause();
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeSessionCodec.parseKeys(shortKey + "," + good))
			.withMessageStartingWith("Encryption key 1 is 11 bytes long")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(shortKey).doesNotContain("tooShortKey"));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeSessionCodec.parseKeys(good + ",,"))
			.withMessage("Encryption key 2 of 3 is empty");
	}

	@Test
	void keysNeverShowInToString() {
		EnvelopeSessionCodec codec = SessionTestSupport.codec(List.of(KEY_A, KEY_B));
		assertThat(codec.toString()).isEqualTo("EnvelopeSessionCodec[SessionEncryption[AES-GCM, keys=2]]")
			.doesNotContain(Base64.getEncoder().encodeToString(KEY_A));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionTestSupport.codec(List.of(KEY_A, new byte[] { 1, 2, 3 })))
			.withMessageStartingWith("Encryption key 2 is 3 bytes long");
	}

	static SessionState state(Map<String, Object> attributes) {
		Instant now = Instant.parse("2030-01-01T00:00:00Z");
		return new SessionState("id-1", now, now, Duration.ofMinutes(30), new HashMap<>(attributes));
	}

	static int keyId(byte[] encrypted) {
		return ByteBuffer.wrap(encrypted, 2, 4).getInt();
	}

	static int expectedKeyId(byte[] key) throws Exception {
		return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key), 0, 4).getInt();
	}

	static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static byte[] truncated(EnvelopeSessionCodec codec) {
		byte[] whole = codec.encode(state(Map.of("name", "alice")));
		return java.util.Arrays.copyOf(whole, whole.length / 2);
	}

	private static byte[] key(int seed, int length) {
		byte[] key = new byte[length];
		for (int i = 0; i < length; i++) {
			key[i] = (byte) (seed * 31 + i);
		}
		return key;
	}

}

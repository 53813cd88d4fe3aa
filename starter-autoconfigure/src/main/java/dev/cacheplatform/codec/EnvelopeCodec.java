package dev.cacheplatform.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;
import org.springframework.util.ClassUtils;

/**
 * The codec of every value the Redis cache stores: a small versioned envelope around field-based JSON
 * or Java serialization, optionally compressed, that only ever instantiates classes of a
 * {@link TypeAllowList}.
 * <p>
 * Byte layout (multi-byte integers big-endian):
 * <pre>
 * offset  size  field
 * 0       2     magic 0xCC 0x50 ("P"): not valid UTF-8, so never JSON text, and not 0xAC 0xED
 * 2       1     envelope version, 1
 * 3       1     format: 0 cached null (the envelope ends here, 4 bytes in all), 3 JSON with short type ids
 *               for common JDK collections (see ShortTypeIds), 2 JDK; read only: 1 JSON with class names
 * 4       1     compression: 0 none, 1 LZ4 block, 4 Zstandard magicless frame against the bundled
 *               dictionary 1 (zstd-dictionary-1.bin); read only: 2 Zstandard frame with its magic
 *               number, 3 Zstandard magicless frame without a dictionary
 * JSON only:
 * 5       2     N, the byte length of the root type id (unsigned)
 * 7       N     the root type id, UTF-8: a short id, or the name Class.getName() gives
 * compression 1 and 2 only:
 * +0      4     the payload's uncompressed length (at most the value size limit); compression 3 and 4
 *               need none, their frame header holds it
 * then:
 * +0      rest  the payload: JSON, or a Java serialization stream (0xAC 0xED ...), possibly compressed
 * </pre>
 * Every form ever written stays readable: format 1 and compression 2 are what versions before the
 * compact form wrote, compression 3 what the compact form wrote before the dictionary (an 11-field
 * catalogue item with a 352-character description: 739 bytes before the compact form, 486 with
 * Zstandard alone, 394 with the dictionary, which puts it in jemalloc's 448-byte class instead of the
 * 768-byte one; see the benchmarks' EntrySize for the decode CPU). A version that predates format 3 or
 * compression 3 or 4 reads such entries as misses of kind {@link UnreadableReason#UNSUPPORTED_HEADER},
 * never as wrong values.
 * <p>
 * Bytes that start with 0xAC 0xED are read as a bare Java serialization stream, as stock Spring Data
 * Redis writes it, so entries written before the switch to this codec stay readable during a rolling
 * deploy. The root type name is checked against the allow-list before anything is parsed.
 * <p>
 * Size: no value larger than the limit ({@code cache-platform.cache.serialization.max-value-size},
 * {@value #DEFAULT_MAX_VALUE_BYTES} bytes by default) is written, and stored bytes over it, or declaring an
 * uncompressed payload over it, are unreadable before anything is allocated or parsed (see
 * {@link PayloadCompression} and {@link JdkValueCodec} for the other bounds on hostile bytes).
 * <p>
 * Encoding: see {@link FormatPolicy} for how the format is chosen. Payloads of at least the compression
 * threshold are compressed (LZ4's fast compressor, or Zstandard level 3 with the dictionary), unless that does not make
 * them smaller. Decoding failures are {@link ValueUnreadableException}s that carry an
 * {@link UnreadableReason} and name the problem and, when known, the type, but never the stored bytes or
 * field values.
 * <p>
 * Thread safe. After the first value of a shape, encoding is a map lookup and one Jackson or JDK write.
 */
public final class EnvelopeCodec implements CacheValueCodec {

	/** The default value size limit: 8 MiB. */
	public static final int DEFAULT_MAX_VALUE_BYTES = 8 * 1024 * 1024;

	private static final byte MAGIC_0 = (byte) 0xCC;

	private static final byte MAGIC_1 = 0x50;

	private static final byte VERSION = 1;

	private static final byte NULL_FORMAT = 0;

	private static final int HEADER_LENGTH = 5;

	private static final byte[] NULL_ENVELOPE = { MAGIC_0, MAGIC_1, VERSION, NULL_FORMAT };

	private final Compression compression;

	private final int compressionThreshold;

	private final @Nullable JsonValueCodec json;

	private final JdkValueCodec jdk;

	private final FormatPolicy policy;

	private final int maxValueBytes;

	private final ClassValue<byte[]> typeNames = new ClassValue<>() {
		@Override
		protected byte[] computeValue(Class<?> type) {
			return ShortTypeIds.shorten(type.getName()).getBytes(StandardCharsets.UTF_8);
		}
	};

	/**
	 * @param allowList the classes stored values may hold
	 * @param preferred JSON (verified per shape, JDK serialization where JSON is not faithful) or JDK
	 * @param compression how payloads at or above the threshold are compressed
	 * @param compressionThresholdBytes the smallest payload compressed
	 * @param warnings receives warnings (a type falling back to JDK serialization, a refused type met
	 * writing or reading), each kind once per type
	 * @throws IllegalStateException if the library the format or compression needs is not on the
	 * classpath
	 */
	public EnvelopeCodec(TypeAllowList allowList, Format preferred, Compression compression,
			int compressionThresholdBytes, Consumer<String> warnings) {
		this(allowList, preferred, compression, compressionThresholdBytes, DEFAULT_MAX_VALUE_BYTES, warnings);
	}

	/**
	 * @param allowList the classes stored values may hold
	 * @param preferred JSON (verified per shape, JDK serialization where JSON is not faithful) or JDK
	 * @param compression how payloads at or above the threshold are compressed
	 * @param compressionThresholdBytes the smallest payload compressed
	 * @param maxValueBytes the largest value written or read, uncompressed
	 * @param warnings receives warnings (a type falling back to JDK serialization, a refused type met
	 * writing or reading), each kind once per type
	 * @throws IllegalStateException if the library the format or compression needs is not on the
	 * classpath
	 */
	public EnvelopeCodec(TypeAllowList allowList, Format preferred, Compression compression,
			int compressionThresholdBytes, int maxValueBytes, Consumer<String> warnings) {
		if (compressionThresholdBytes < 0) {
			throw new IllegalArgumentException("Compression threshold must not be negative");
		}
		if (maxValueBytes < 1) {
			throw new IllegalArgumentException("The value size limit must be positive, was " + maxValueBytes);
		}
		if (!PayloadCompression.isAvailable(compression)) {
			throw new IllegalStateException(compression + " compression needs "
					+ ((compression == Compression.LZ4) ? "at.yawk.lz4:lz4-java" : "com.github.luben:zstd-jni")
					+ " on the classpath");
		}
		ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
		if (classLoader == null) {
			classLoader = EnvelopeCodec.class.getClassLoader();
		}
		boolean jackson = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
				EnvelopeCodec.class.getClassLoader());
		if (preferred == Format.JSON && !jackson) {
			throw new IllegalStateException("The JSON format needs tools.jackson.core:jackson-databind on the classpath");
		}
		this.compression = compression;
		this.compressionThreshold = compressionThresholdBytes;
		this.maxValueBytes = maxValueBytes;
		this.json = jackson ? new JsonValueCodec(allowList, classLoader) : null;
		this.jdk = new JdkValueCodec(allowList, classLoader, maxValueBytes);
		this.policy = new FormatPolicy(allowList, preferred, this.json, this.jdk, warnings);
	}

	@Override
	public byte[] encode(Object value) throws ValueNotStorableException {
		if (value instanceof NullValue) {
			return NULL_ENVELOPE.clone();
		}
		FormatPolicy.Encoded encoded = this.policy.encode(value);
		byte[] typeName = (encoded.format() == Format.JSON) ? this.typeNames.get(value.getClass()) : null;
		byte[] payload = encoded.payload();
		if (payload.length > this.maxValueBytes) {
			// Readers would refuse it, so storing it would only cost a write and a miss per call
			throw new ValueNotStorableException(value.getClass(), "a " + value.getClass().getName() + " of "
					+ payload.length + " bytes is over the value size limit of " + this.maxValueBytes
					+ " bytes (cache-platform.cache.serialization.max-value-size)", null);
		}
		byte[] body = payload;
		Compression used = Compression.NONE;
		if (this.compression != Compression.NONE && payload.length >= this.compressionThreshold) {
			byte[] compressed = PayloadCompression.compress(this.compression, payload);
			int lengthField = (this.compression == Compression.LZ4) ? Integer.BYTES : 0;
			if (compressed.length + lengthField < payload.length) {
				body = compressed;
				used = this.compression;
			}
		}
		// A Zstandard frame holds its content size; an LZ4 block needs it in front
		boolean declaresLength = used == Compression.LZ4;
		int length = HEADER_LENGTH + ((typeName != null) ? Short.BYTES + typeName.length : 0)
				+ (declaresLength ? Integer.BYTES : 0) + body.length;
		ByteBuffer envelope = ByteBuffer.allocate(length);
		envelope.put(MAGIC_0).put(MAGIC_1).put(VERSION).put(encoded.format().id()).put(used.id());
		if (typeName != null) {
			// Fits: the JVM caps class names at 65535 bytes of modified UTF-8, never shorter than UTF-8
			envelope.putShort((short) typeName.length).put(typeName);
		}
		if (declaresLength) {
			envelope.putInt(payload.length);
		}
		return envelope.put(body).array();
	}

	@Override
	public int maxStoredBytes() {
		return this.maxValueBytes;
	}

	@Override
	public Object decode(byte[] bytes) throws ValueUnreadableException {
		try {
			return read(bytes);
		}
		catch (RefusedTypeException ex) {
			this.policy.readRefused(ex);
			throw ex;
		}
	}

	private Object read(byte[] bytes) {
		if (bytes.length > this.maxValueBytes) {
			throw new ValueUnreadableException(UnreadableReason.TOO_LARGE, describe(null)
					+ ": it is over the value size limit of " + this.maxValueBytes + " bytes", null);
		}
		if (bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED) {
			return this.jdk.read(bytes, 0, bytes.length);
		}
		if (bytes.length < 4 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
			throw unreadable(UnreadableReason.NOT_AN_ENTRY, null,
					"it is neither a cache-platform envelope nor a Java serialization stream");
		}
		if (bytes[2] != VERSION) {
			throw unreadable(UnreadableReason.UNSUPPORTED_HEADER, null,
					"envelope version " + Byte.toUnsignedInt(bytes[2])
					+ " is not supported (this codec reads version " + VERSION + ")");
		}
		if (bytes[3] == NULL_FORMAT) {
			if (bytes.length != NULL_ENVELOPE.length) {
				throw unreadable(UnreadableReason.CORRUPT, null, "a cached-null envelope has trailing bytes");
			}
			return NullValue.INSTANCE;
		}
		Format format = formatOf(bytes[3]);
		if (bytes.length < HEADER_LENGTH) {
			throw truncated(null);
		}
		Compression used = compressionOf(bytes[4]);
		int position = HEADER_LENGTH;
		Class<?> type = null;
		if (format == Format.JSON) {
			if (bytes.length < position + Short.BYTES) {
				throw truncated(null);
			}
			int nameLength = Short.toUnsignedInt(ByteBuffer.wrap(bytes, position, Short.BYTES).getShort());
			position += Short.BYTES;
			if (bytes.length < position + nameLength) {
				throw truncated(null);
			}
			type = json().rootType(new String(bytes, position, nameLength, StandardCharsets.UTF_8));
			position += nameLength;
		}
		byte[] payload = bytes;
		int offset = position;
		int length = bytes.length - position;
		if (bytes[4] == Compression.ZSTD.id() || bytes[4] == Compression.MAGICLESS_ZSTD_ID) {
			payload = PayloadCompression.decompressFrame(bytes, position, length, this.maxValueBytes, describe(type),
					bytes[4] == Compression.ZSTD.id());
			offset = 0;
			length = payload.length;
		}
		else if (used != Compression.NONE) {
			if (length < Integer.BYTES) {
				throw truncated(type);
			}
			int rawLength = ByteBuffer.wrap(bytes, position, Integer.BYTES).getInt();
			payload = PayloadCompression.decompress(used, bytes, position + Integer.BYTES, length - Integer.BYTES,
					rawLength, this.maxValueBytes, describe(type));
			offset = 0;
			length = rawLength;
		}
		if (type == null) {
			return this.jdk.read(payload, offset, length);
		}
		try {
			return json().read(type, payload, offset, length);
		}
		catch (UnbuildableValueException ex) {
			this.policy.jsonUnreadable(type);
			throw ex;
		}
	}

	private JsonValueCodec json() {
		if (this.json == null) {
			throw unreadable(UnreadableReason.UNSUPPORTED_HEADER, null,
					"it is JSON but tools.jackson.core:jackson-databind is not on the classpath");
		}
		return this.json;
	}

	private static Format formatOf(byte id) {
		Format format = Format.ofId(id);
		if (format == null) {
			throw unreadable(UnreadableReason.UNSUPPORTED_HEADER, null,
					"format id " + Byte.toUnsignedInt(id) + " is unknown");
		}
		return format;
	}

	private static Compression compressionOf(byte id) {
		Compression compression = Compression.ofId(id);
		if (compression == null) {
			throw unreadable(UnreadableReason.UNSUPPORTED_HEADER, null,
					"compression id " + Byte.toUnsignedInt(id) + " is unknown");
		}
		return compression;
	}

	private static ValueUnreadableException truncated(@Nullable Class<?> type) {
		return unreadable(UnreadableReason.TRUNCATED, type, "the envelope is truncated");
	}

	private static ValueUnreadableException unreadable(UnreadableReason reason, @Nullable Class<?> type,
			String problem) {
		return new ValueUnreadableException(reason, describe(type) + ": " + problem, null);
	}

	private static String describe(@Nullable Class<?> type) {
		return "Cannot read cached value" + ((type != null) ? " of type " + type.getName() : "");
	}

}

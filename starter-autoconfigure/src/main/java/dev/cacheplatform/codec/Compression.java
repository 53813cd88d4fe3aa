package dev.cacheplatform.codec;

import org.jspecify.annotations.Nullable;

/**
 * How {@link EnvelopeCodec} compresses payloads at or above its threshold. Every algorithm is always
 * readable whatever is configured, as long as its library is on the classpath.
 */
public enum Compression {

	/** Payloads are stored as they are. */
	NONE(0),

	/** LZ4 (lz4-java): fast, moderate ratio; the usual choice for a cache. */
	LZ4(1),

	/**
	 * Zstandard level 3 (zstd-jni) with the codec's bundled dictionary: a far better ratio on values of a few
	 * hundred bytes (nearly half off a JSON object with some English text, where LZ4 takes a tenth), for a
	 * little more CPU. Written as a magicless frame against the dictionary (id 4); magicless frames without a
	 * dictionary (id 3) and frames with the magic number and an envelope length (id 2), which earlier versions
	 * wrote, are read too.
	 */
	ZSTD(4);

	/** The envelope id of a Zstandard frame with its magic number, after a 4-byte length: still read. */
	static final byte FRAMED_ZSTD_ID = 2;

	/** The envelope id of a magicless Zstandard frame without a dictionary: still read. */
	static final byte MAGICLESS_ZSTD_ID = 3;

	private static final Compression[] VALUES = values();

	private final byte id;

	Compression(int id) {
		this.id = (byte) id;
	}

	/** The id in the envelope's compression byte, as written now. */
	byte id() {
		return this.id;
	}

	/** The constant with this envelope id, or {@code null}. */
	static @Nullable Compression ofId(byte id) {
		if (id == FRAMED_ZSTD_ID || id == MAGICLESS_ZSTD_ID) {
			return ZSTD;
		}
		for (Compression compression : VALUES) {
			if (compression.id == id) {
				return compression;
			}
		}
		return null;
	}

}

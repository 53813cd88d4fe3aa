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

	/** Zstandard level 3 (zstd-jni): better ratio for a little more CPU. */
	ZSTD(2);

	private static final Compression[] VALUES = values();

	private final byte id;

	Compression(int id) {
		this.id = (byte) id;
	}

	/** The id in the envelope's compression byte. */
	byte id() {
		return this.id;
	}

	/** The constant with this envelope id, or {@code null}. */
	static @Nullable Compression ofId(byte id) {
		for (Compression compression : VALUES) {
			if (compression.id == id) {
				return compression;
			}
		}
		return null;
	}

}

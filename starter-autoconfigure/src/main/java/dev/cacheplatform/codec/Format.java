package dev.cacheplatform.codec;

import org.jspecify.annotations.Nullable;

/**
 * The preferred way {@link EnvelopeCodec} writes values. Whatever the preference, both formats are
 * always readable, so switching it needs no cache flush.
 */
public enum Format {

	/**
	 * Field-based JSON, checked once per value shape: a shape JSON cannot rebuild faithfully is written
	 * with JDK serialization when it is {@code Serializable}. Written with short type ids for common JDK
	 * collections (id 3); JSON with only full class names (id 1, as written before) is read too.
	 */
	JSON(3),

	/** Java serialization for every value, which then has to be {@code Serializable}. */
	JDK(2);

	/** The envelope id of JSON whose type ids are all full class names: still read. */
	static final byte CLASS_NAME_JSON_ID = 1;

	private static final Format[] VALUES = values();

	private final byte id;

	Format(int id) {
		this.id = (byte) id;
	}

	/** The id in the envelope's format byte, as written now. */
	byte id() {
		return this.id;
	}

	/** The constant with this envelope id, or {@code null}. */
	static @Nullable Format ofId(byte id) {
		if (id == CLASS_NAME_JSON_ID) {
			return JSON;
		}
		for (Format format : VALUES) {
			if (format.id == id) {
				return format;
			}
		}
		return null;
	}

}

package dev.cacheplatform.codec;

/**
 * Turns a cache value into the bytes stored in a remote cache and back. Implementations are thread
 * safe. A value is never {@code null} here: callers store Spring's {@code NullValue} for cached nulls.
 */
public interface CacheValueCodec {

	/**
	 * Encodes a value.
	 * @param value the value
	 * @return the bytes to store
	 * @throws ValueNotStorableException if no allowed codec can write the value faithfully
	 */
	byte[] encode(Object value) throws ValueNotStorableException;

	/**
	 * Decodes stored bytes.
	 * @param bytes the stored bytes
	 * @return the value, equal field by field to the one encoded
	 * @throws ValueUnreadableException if the bytes cannot be read: corrupt, truncated, a class that changed
	 * shape, or a type outside the allow-list
	 */
	Object decode(byte[] bytes) throws ValueUnreadableException;

	/**
	 * The most stored bytes {@link #decode} reads; longer values are unreadable whatever their content, so a
	 * reader never needs to fetch more than this and one byte more to know.
	 * @return the limit in bytes; {@link Integer#MAX_VALUE} for none
	 */
	default int maxStoredBytes() {
		return Integer.MAX_VALUE;
	}

}

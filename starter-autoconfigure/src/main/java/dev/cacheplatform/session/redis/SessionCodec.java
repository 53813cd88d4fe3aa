package dev.cacheplatform.session.redis;

/**
 * Turns session attributes into the bytes of their hash fields and back, and reads the older format that
 * held a whole session in one value.
 */
public interface SessionCodec {

	/**
	 * @param sessionId the session the attribute belongs to (encrypted values are bound to it)
	 * @param name the attribute name
	 * @param value the attribute value
	 * @return the bytes to store in the attribute's field
	 * @throws dev.cacheplatform.codec.ValueNotStorableException if the value cannot be stored (not
	 * serializable, or a type outside the allow-list); the message names the type, never the value
	 */
	byte[] encodeAttribute(String sessionId, String name, Object value);

	/**
	 * @param sessionId the session the field was read from
	 * @param name the attribute name
	 * @param bytes the field's bytes
	 * @return the attribute value
	 * @throws SessionUnreadableException if the bytes are corrupt, encrypted with a key that is not
	 * configured or for another session or attribute, or name a type outside the allow-list
	 */
	Object decodeAttribute(String sessionId, String name, byte[] bytes) throws SessionUnreadableException;

	/**
	 * Whether an attribute's stored bytes should be written again: with encryption on, bytes that are
	 * plaintext or encrypted with a key other than the writing one.
	 * @param bytes the field's bytes
	 * @return whether the next save should write the attribute again
	 */
	default boolean needsRewrite(byte[] bytes) {
		return false;
	}

	/**
	 * Writes a whole session in the one-value format that came before attribute fields. Sessions are no
	 * longer written so; this exists to test that such sessions are still read.
	 * @param state the session
	 * @return the bytes of the old format
	 */
	byte[] encode(SessionState state);

	/**
	 * Reads a whole session in the one-value format that came before attribute fields.
	 * @param bytes stored bytes
	 * @return the session
	 * @throws SessionUnreadableException if the bytes are corrupt, encrypted with a key that is not
	 * configured, or name a type outside the allow-list
	 */
	SessionState decode(byte[] bytes) throws SessionUnreadableException;

}

package dev.cacheplatform.session.redis;

/**
 * Turns a whole session into the bytes of its Redis key and back.
 */
public interface SessionCodec {

	/**
	 * @param state the session
	 * @return the bytes to store
	 * @throws dev.cacheplatform.cache.codec.ValueNotStorableException if an attribute cannot be stored (not
	 * serializable, or a type outside the allow-list); the message names the type, never the value
	 */
	byte[] encode(SessionState state);

	/**
	 * @param bytes stored bytes
	 * @return the session
	 * @throws SessionUnreadableException if the bytes are corrupt, encrypted with a key that is not
	 * configured, or name a type outside the allow-list
	 */
	SessionState decode(byte[] bytes) throws SessionUnreadableException;

}

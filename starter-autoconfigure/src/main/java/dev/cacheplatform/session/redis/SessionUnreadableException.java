package dev.cacheplatform.session.redis;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Stored session bytes that cannot be read with this application's codec and keys. The repository treats
 * such a session as absent but leaves it in Redis, since another deployment (an older key, a newer class)
 * may still read it.
 */
public class SessionUnreadableException extends Exception {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * @param message what is wrong, never the bytes, attribute values or keys
	 * @param cause the underlying failure, if any
	 */
	public SessionUnreadableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}

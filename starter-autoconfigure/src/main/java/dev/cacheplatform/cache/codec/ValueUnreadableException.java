package dev.cacheplatform.cache.codec;

import org.jspecify.annotations.Nullable;

/**
 * Stored bytes that cannot be turned back into a value. The caller treats the entry as a miss and
 * deletes it.
 */
public class ValueUnreadableException extends RuntimeException {

	/**
	 * @param message what is wrong with the bytes (never the bytes themselves)
	 * @param cause the underlying failure, if any
	 */
	public ValueUnreadableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}

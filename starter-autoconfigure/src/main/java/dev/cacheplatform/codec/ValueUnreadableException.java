package dev.cacheplatform.codec;

import org.jspecify.annotations.Nullable;

/**
 * Stored bytes that cannot be turned back into a value. The caller treats the entry as a miss and
 * deletes it.
 */
public class ValueUnreadableException extends RuntimeException {

	private final UnreadableReason reason;

	/**
	 * An entry whose payload is damaged ({@link UnreadableReason#CORRUPT}).
	 * @param message what is wrong with the bytes (never the bytes themselves)
	 * @param cause the underlying failure, if any
	 */
	public ValueUnreadableException(String message, @Nullable Throwable cause) {
		this(UnreadableReason.CORRUPT, message, cause);
	}

	/**
	 * @param reason the kind of problem, for counters and logs
	 * @param message what is wrong with the bytes (never the bytes themselves)
	 * @param cause the underlying failure, if any
	 */
	public ValueUnreadableException(UnreadableReason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** @return the kind of problem */
	public UnreadableReason getReason() {
		return this.reason;
	}

}

package dev.cacheplatform.cache.memcached;

/**
 * A memcached command that did not complete: timed out (a frozen or overloaded server), no connection to the
 * key's server, or an error reply. The fault-tolerance layer in front counts it, feeds it to the breaker and
 * calls the method instead.
 */
public class MemcachedAccessException extends RuntimeException {

	/**
	 * @param message what was sent, never a value
	 * @param cause the client's exception
	 */
	public MemcachedAccessException(String message, Throwable cause) {
		super(message + ": " + cause, cause);
	}

}

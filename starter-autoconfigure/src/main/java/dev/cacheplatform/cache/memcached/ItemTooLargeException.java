package dev.cacheplatform.cache.memcached;

/**
 * A value the server refused because it is larger than its item size limit ({@code -I}, 1 MB by default).
 * Not a server fault: the store counts it as not storable and returns the method's value uncached.
 */
final class ItemTooLargeException extends RuntimeException {

	ItemTooLargeException(int bytes, Throwable cause) {
		super("a value of " + bytes + " bytes is over the server's item size limit (memcached -I)", cause, false,
				false);
	}

}

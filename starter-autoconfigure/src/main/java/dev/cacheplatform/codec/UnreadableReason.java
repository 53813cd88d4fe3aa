package dev.cacheplatform.codec;

/**
 * Why a stored entry could not be used. Every kind is a cache miss: the method runs and its value
 * replaces the entry. Each kind is counted per cache and logged at a bounded rate.
 */
public enum UnreadableReason {

	/** Bytes that are neither a cache-platform envelope nor a Java serialization stream (garbage, another app's data). */
	NOT_AN_ENTRY,

	/** An envelope header this codec does not know: a version, format or compression id, or a library that is absent. */
	UNSUPPORTED_HEADER,

	/** The entry ends before its header or payload does. */
	TRUNCATED,

	/** The payload is damaged: compressed data, JSON or a Java serialization stream that does not parse. */
	CORRUPT,

	/** Well-formed, but it no longer fits its class (changed or removed since it was written). */
	INCOMPATIBLE,

	/** It names a class outside the allow-list; the class was neither loaded nor instantiated. */
	REFUSED_TYPE,

	/** Its stored or declared uncompressed size is over {@code cache-platform.cache.serialization.max-value-size}. */
	TOO_LARGE,

	/** Its Java serialization graph exceeds the depth, reference or array limits (a deserialization bomb). */
	TOO_COMPLEX,

	/** It reads, but its type is not the one the calling method returns (another method's value, or an older deploy's). */
	WRONG_TYPE

}

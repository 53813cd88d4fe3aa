/**
 * Cache value codecs: the versioned envelope, JSON with an allow-list, the JDK fallback and compression.
 */
@NullMarked
package dev.cacheplatform.codec;

import org.jspecify.annotations.NullMarked;

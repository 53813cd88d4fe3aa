/**
 * The tiered driver's level one: a bounded in-process Caffeine level in front of the Redis pipeline, kept
 * coherent by what the Redis server reports about changed keys ({@code CLIENT TRACKING} in broadcast mode on
 * connections of its own).
 */
@NullMarked
package dev.cacheplatform.cache.near;

import org.jspecify.annotations.NullMarked;

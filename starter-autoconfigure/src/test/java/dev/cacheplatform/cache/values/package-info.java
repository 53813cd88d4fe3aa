/**
 * Values a real JPA application caches, round-tripped through the Redis cache of a running app.
 */
@NullMarked
package dev.cacheplatform.cache.values;

import org.jspecify.annotations.NullMarked;

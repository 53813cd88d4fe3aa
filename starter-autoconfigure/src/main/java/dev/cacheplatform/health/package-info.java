/**
 * What Cache Platform can tell about the Redis servers behind each role: whether the cache server can
 * evict and the session server keeps and persists what it is given.
 */
@NullMarked
package dev.cacheplatform.health;

import org.jspecify.annotations.NullMarked;

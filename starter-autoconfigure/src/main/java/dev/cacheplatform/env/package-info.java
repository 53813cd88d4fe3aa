/**
 * Translates container environment variables (REDIS_URL, CACHE_DRIVER, ...) into {@code cache-platform.*} properties.
 */
@NullMarked
package dev.cacheplatform.env;

import org.jspecify.annotations.NullMarked;

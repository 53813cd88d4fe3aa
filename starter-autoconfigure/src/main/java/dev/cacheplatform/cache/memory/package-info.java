/**
 * The memory driver: one bounded Caffeine store shared by every cache and tenant.
 */
@NullMarked
package dev.cacheplatform.cache.memory;

import org.jspecify.annotations.NullMarked;

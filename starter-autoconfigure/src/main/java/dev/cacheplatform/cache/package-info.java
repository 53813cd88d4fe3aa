/**
 * Cache drivers, TTL policy and cache settings.
 */
@NullMarked
package dev.cacheplatform.cache;

import org.jspecify.annotations.NullMarked;

/**
 * Exchange rates: cached 6 hours, refreshed with {@code @CachePut}.
 */
@NullMarked
package dev.cacheplatform.sample.rates;

import org.jspecify.annotations.NullMarked;

/**
 * Micrometer meters and observations of every cache, whatever the driver, contributed to each driver's
 * pipeline as {@link dev.cacheplatform.cache.CacheLayer} beans.
 */
@NullMarked
package dev.cacheplatform.metrics;

import org.jspecify.annotations.NullMarked;

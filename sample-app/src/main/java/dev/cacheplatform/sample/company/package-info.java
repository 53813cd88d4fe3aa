/**
 * Company settings: cached 12 hours, evicted when changed.
 */
@NullMarked
package dev.cacheplatform.sample.company;

import org.jspecify.annotations.NullMarked;

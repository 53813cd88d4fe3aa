/**
 * The sample application.
 */
@NullMarked
package dev.cacheplatform.sample;

import org.jspecify.annotations.NullMarked;

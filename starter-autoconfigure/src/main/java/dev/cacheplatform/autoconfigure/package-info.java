/**
 * The entry point: properties of every concern and the startup report.
 */
@NullMarked
package dev.cacheplatform.autoconfigure;

import org.jspecify.annotations.NullMarked;

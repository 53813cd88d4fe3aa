/**
 * Clear startup errors for bad settings, with secrets redacted.
 */
@NullMarked
package dev.cacheplatform.diagnostics;

import org.jspecify.annotations.NullMarked;

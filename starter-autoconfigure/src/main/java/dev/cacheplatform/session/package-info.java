/**
 * HTTP session store settings.
 */
@NullMarked
package dev.cacheplatform.session;

import org.jspecify.annotations.NullMarked;

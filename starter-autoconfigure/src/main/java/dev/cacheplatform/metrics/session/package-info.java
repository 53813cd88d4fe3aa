/**
 * Meters of the session store in use, whichever it is: Cache Platform's Redis repository, Spring Session's
 * indexed repository, or the memory store.
 */
@NullMarked
package dev.cacheplatform.metrics.session;

import org.jspecify.annotations.NullMarked;

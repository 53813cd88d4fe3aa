/**
 * Redis endpoints per role (cache, session, default) and the Lettuce connection factories built from them.
 */
@NullMarked
package dev.cacheplatform.connection;

import org.jspecify.annotations.NullMarked;

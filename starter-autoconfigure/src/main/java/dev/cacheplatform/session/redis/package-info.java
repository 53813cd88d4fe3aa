/**
 * The Redis session store: one key per session, written only when it changed or its expiry must move.
 */
@NullMarked
package dev.cacheplatform.session.redis;

import org.jspecify.annotations.NullMarked;

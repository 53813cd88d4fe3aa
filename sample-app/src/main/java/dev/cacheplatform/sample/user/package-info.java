/**
 * Signing in, the signed-in user in the session, and user preferences cached 24 hours.
 */
@NullMarked
package dev.cacheplatform.sample.user;

import org.jspecify.annotations.NullMarked;

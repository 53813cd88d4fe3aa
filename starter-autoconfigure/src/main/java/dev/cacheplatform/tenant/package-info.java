/**
 * Tenant scoping of cache keys.
 */
@NullMarked
package dev.cacheplatform.tenant;

import org.jspecify.annotations.NullMarked;

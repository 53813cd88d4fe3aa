/**
 * Types of a library outside the application's packages, so outside the default cache allow-list.
 */
@NullMarked
package dev.cacheplatform.cache.values.partner;

import org.jspecify.annotations.NullMarked;

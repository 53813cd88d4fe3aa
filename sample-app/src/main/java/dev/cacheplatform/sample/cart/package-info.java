/**
 * A shopping cart kept in the HTTP session.
 */
@NullMarked
package dev.cacheplatform.sample.cart;

import org.jspecify.annotations.NullMarked;

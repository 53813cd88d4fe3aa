/**
 * The product catalogue: JPA entities with collections, cached as they are.
 */
@NullMarked
package dev.cacheplatform.sample.catalogue;

import org.jspecify.annotations.NullMarked;

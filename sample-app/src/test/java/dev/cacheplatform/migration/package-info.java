/**
 * An application written for stock Spring Boot caching and sessions, run with the starter.
 */
@NullMarked
package dev.cacheplatform.migration;

import org.jspecify.annotations.NullMarked;

/**
 * A small shop application on H2 and Hibernate, shaped the way existing Spring Boot apps cache: JPA
 * entities without setters, Hibernate collections, Spring Data pages, records and value classes.
 */
@NullMarked
package dev.cacheplatform.cache.values.shop;

import org.jspecify.annotations.NullMarked;

/**
 * Tests of what an operator deploys: the redis.conf files, the .env and application.yml examples, the
 * Helm chart, and Spring Boot's {@code @ServiceConnection} with the starter.
 */
@NullMarked
package dev.cacheplatform.sample.deploy;

import org.jspecify.annotations.NullMarked;

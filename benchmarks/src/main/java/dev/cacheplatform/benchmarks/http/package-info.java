/**
 * An HTTP load benchmark of the packaged sample app: {@code benchmarks/http.sh} starts the jar once per
 * cache driver (each on its own real {@code redis-server}), loads one cached endpoint with {@code wrk} or a
 * Java client, and prints requests/s, latency percentiles and errors per driver.
 */
@NullMarked
package dev.cacheplatform.benchmarks.http;

import org.jspecify.annotations.NullMarked;

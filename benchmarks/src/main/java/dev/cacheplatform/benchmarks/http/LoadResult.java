package dev.cacheplatform.benchmarks.http;

import java.time.Duration;

/**
 * What one load run measured.
 *
 * @param requests the responses received (any status)
 * @param errors the responses with a status other than 2xx or 3xx, plus failed connections, reads, writes
 * and timeouts
 * @param requestsPerSecond the responses received per second of the run
 * @param p50 the median latency of a request
 * @param p99 the 99th percentile latency of a request
 */
record LoadResult(long requests, long errors, double requestsPerSecond, Duration p50, Duration p99) {

}

package dev.cacheplatform.benchmarks.http;

import java.net.URI;
import java.time.Duration;

/**
 * Sends GET requests to one URL from a fixed number of keep-alive connections, each waiting for its
 * response before sending the next (a closed loop, as {@code wrk} does).
 */
interface LoadClient {

	/**
	 * Loads the URL and waits until the run is over.
	 * @param url the URL to GET
	 * @param connections the number of concurrent connections
	 * @param duration how long to send requests
	 * @return what was measured
	 */
	LoadResult run(URI url, int connections, Duration duration);

	/**
	 * Describes the client for the results' heading.
	 * @return e.g. {@code wrk 4.1.0 (/usr/bin/wrk), 2 threads}
	 */
	String describe();

}

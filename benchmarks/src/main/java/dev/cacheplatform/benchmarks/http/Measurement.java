package dev.cacheplatform.benchmarks.http;

/**
 * One measured round of one app.
 *
 * @param load what the load client measured
 * @param databaseReads how often the app read its database during the round (0: every request was a hit)
 * @param redisCommands the commands the app's {@code redis-server} executed during the round
 */
record Measurement(LoadResult load, long databaseReads, long redisCommands) {

}

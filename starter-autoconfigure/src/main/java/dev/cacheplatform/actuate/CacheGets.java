package dev.cacheplatform.actuate;

import org.jspecify.annotations.Nullable;

/**
 * Where the operator endpoint reads how often a cache was read and found something: the application's
 * {@code cache.gets} meters when Micrometer is in use ({@link MeterRegistryCacheGets}).
 */
@FunctionalInterface
interface CacheGets {

	/** No meters: every count is unknown. */
	CacheGets UNKNOWN = (cacheName) -> null;

	/**
	 * @param cacheName the cache name
	 * @return the cache's hits and misses over every tenant, or {@code null} when they are not measured
	 */
	@Nullable Counts of(String cacheName);

	/**
	 * @param hits reads that found an entry
	 * @param misses reads that did not
	 */
	record Counts(long hits, long misses) {

		/** @return hits over all reads, or {@code null} before the first read */
		@Nullable Double hitRatio() {
			long total = this.hits + this.misses;
			return (total == 0) ? null : (double) this.hits / total;
		}

	}

}

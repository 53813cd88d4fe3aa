package dev.cacheplatform.cache.near;

/**
 * Receives what {@link RedisKeyTracking} learns about the keys under its prefix, so that an L1 in front
 * of Redis never serves an entry that changed in Redis.
 * <p>
 * The contract for an L1:
 * <ul>
 * <li>serve and fill only while the last {@link #trackingActive(boolean)} said {@code true}; between a
 * loss and the next {@code trackingActive(true)} a change in Redis may go unreported;</li>
 * <li>remove the entry on {@link #invalidated(byte[])} and everything on {@link #invalidatedAll()};</li>
 * <li>a fill that read Redis before an invalidation (or a loss) and lands after it must be discarded: record
 * a generation when the read starts and drop the fill if an invalidation of that key, an
 * {@code invalidatedAll()} or a loss happened since.</li>
 * </ul>
 * Callbacks arrive on Lettuce's I/O threads and on the {@code cache-platform-tracking} thread, possibly
 * concurrently; they must be quick, must not block and must not call back into the tracking. An exception
 * thrown by a callback is logged and otherwise ignored.
 */
public interface InvalidationListener {

	/**
	 * A key under the tracked prefix was written, deleted, expired or evicted in Redis, by anyone.
	 * @param key the full Redis key, prefix included
	 */
	void invalidated(byte[] key);

	/**
	 * Every entry may be stale: the database was flushed, or tracking was lost and changes may have gone
	 * unreported. Drop everything.
	 */
	void invalidatedAll();

	/**
	 * Whether invalidations are being delivered. {@code false} comes first on a loss (before
	 * {@link #invalidatedAll()}); {@code true} only once tracking is enabled again on a fresh connection.
	 * @param active {@code true} when the L1 may serve and fill, {@code false} when it must do neither
	 */
	void trackingActive(boolean active);

}

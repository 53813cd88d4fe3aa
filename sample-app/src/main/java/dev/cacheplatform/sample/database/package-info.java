/**
 * The embedded database every cache sits in front of: its latency and its demo data.
 */
@NullMarked
package dev.cacheplatform.sample.database;

import org.jspecify.annotations.NullMarked;

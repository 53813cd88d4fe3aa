package dev.cacheplatform.metrics.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the Redis server gauges are read.
 */
@ConfigurationProperties("cache-platform.metrics")
public class RedisInfoMetricsProperties {

	/** How often each role's Redis server is asked for INFO; scrapes never send a command. */
	private Duration redisInfoInterval = Duration.ofSeconds(15);

	/** @return how often each server is read */
	public Duration getRedisInfoInterval() {
		return this.redisInfoInterval;
	}

	/** @param redisInfoInterval how often each server is read; positive */
	public void setRedisInfoInterval(Duration redisInfoInterval) {
		// zero used to mean an INFO every millisecond: a scrape setting must never hammer the server
		if (redisInfoInterval.isNegative() || redisInfoInterval.isZero()) {
			throw new IllegalArgumentException("cache-platform.metrics.redis-info-interval must be a positive duration, "
					+ "such as 15s, but was " + redisInfoInterval);
		}
		this.redisInfoInterval = redisInfoInterval;
	}

}

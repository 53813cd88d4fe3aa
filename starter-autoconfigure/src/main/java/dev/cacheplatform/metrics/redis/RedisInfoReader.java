package dev.cacheplatform.metrics.redis;

import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The latest {@code INFO} of one Redis server, shared by every meter and every role on that server.
 * <p>
 * Sends {@code INFO} (the default sections: memory, clients, stats, keyspace and the rest) when
 * {@link #refresh()} is called by {@link RedisInfoScheduler}, never when a meter is read, and never
 * {@code CONFIG}. In a cluster the fields of every node are summed (the fragmentation ratio is averaged).
 * While the server does not answer, the last values stay.
 */
public final class RedisInfoReader {

	private static final Log logger = LogFactory.getLog(RedisInfoReader.class);

	private final String server;

	private final RedisConnectionFactory connectionFactory;

	private volatile Properties info = new Properties();

	private volatile boolean failing;

	/**
	 * Creates a reader.
	 * @param server the server as an operator names it (host:port), never with credentials
	 * @param connectionFactory connections of a role on that server
	 */
	public RedisInfoReader(String server, RedisConnectionFactory connectionFactory) {
		this.server = server;
		this.connectionFactory = connectionFactory;
	}

	/** @return the server, for the {@code server} tag */
	public String server() {
		return this.server;
	}

	/** Reads {@code INFO} once; a failure keeps the last values and logs once until the server answers. */
	public void refresh() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties read = connection.serverCommands().info();
			this.info = (read != null) ? read : new Properties();
			this.failing = false;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.info("Could not read INFO of Redis server " + this.server + " (" + ex.getClass().getSimpleName()
						+ "); its gauges keep their last values until it answers");
			}
			this.failing = true;
		}
	}

	/**
	 * Returns a numeric field of the last {@code INFO}, summed over cluster nodes.
	 * @param field the field, e.g. {@code used_memory}
	 * @return its value, 0 before the first read or when the server does not report it
	 */
	public double sum(String field) {
		return fold(field, false);
	}

	/**
	 * Returns a numeric field of the last {@code INFO}, averaged over cluster nodes.
	 * @param field the field, e.g. {@code mem_fragmentation_ratio}
	 * @return its value, {@code NaN} before the first read
	 */
	public double average(String field) {
		return fold(field, true);
	}

	private double fold(String field, boolean average) {
		Properties current = this.info;
		double total = 0;
		int count = 0;
		for (String name : current.stringPropertyNames()) {
			if (name.equals(field) || name.endsWith("." + field)) {
				try {
					total += Double.parseDouble(current.getProperty(name).trim());
					count++;
				}
				catch (NumberFormatException ex) {
					// a field that is not a number in this server's version counts as absent
				}
			}
		}
		if (count == 0) {
			return average ? Double.NaN : 0;
		}
		return average ? total / count : total;
	}

}

package dev.cacheplatform.connection;

/**
 * How a Redis endpoint is reached.
 */
public enum RedisTopology {

	/** One server over TCP. */
	STANDALONE,

	/** One local server over a unix domain socket. */
	SOCKET,

	/** A master found through Redis Sentinel. */
	SENTINEL,

	/** A Redis Cluster; only database 0 exists. */
	CLUSTER

}

package dev.cacheplatform.connection;

/**
 * The resolved endpoint of every role.
 *
 * @param defaultEndpoint the application's own connection (database of sessions)
 * @param cache the cache role
 * @param session the session role
 */
public record RedisEndpoints(RedisEndpoint defaultEndpoint, RedisEndpoint cache, RedisEndpoint session) {

	/**
	 * Returns the endpoint of a role.
	 * @param role the role
	 * @return its endpoint
	 */
	public RedisEndpoint forRole(RedisRole role) {
		return switch (role) {
			case DEFAULT -> this.defaultEndpoint;
			case CACHE -> this.cache;
			case SESSION -> this.session;
		};
	}

}

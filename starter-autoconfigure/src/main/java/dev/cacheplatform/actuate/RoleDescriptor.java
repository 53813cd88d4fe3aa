package dev.cacheplatform.actuate;

import java.util.Locale;

import dev.cacheplatform.cache.memcached.MemcachedServers;
import dev.cacheplatform.connection.RedisEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * One Redis role (or the memcached servers, as role {@code cache}) as the operator endpoint shows it. Built from the resolved endpoint; the password is never
 * copied, only whether there is one.
 *
 * @param topology standalone, socket, sentinel or cluster
 * @param server the server as an operator names it (host:port, unix socket, sentinel master, cluster seeds)
 * @param database the logical database
 * @param prefix the key prefix of what the role stores, or {@code null} for the application's own connection
 * @param tls whether TLS is used
 * @param user the ACL user, or {@code null} for Redis's default user
 * @param password {@value CachePlatformEndpoint#REDACTED} when a password is set, else {@code null}
 */
public record RoleDescriptor(String topology, String server, int database, @Nullable String prefix, boolean tls,
		@Nullable String user, @Nullable String password) {

	static RoleDescriptor of(RedisEndpoint endpoint, @Nullable String prefix) {
		boolean password = endpoint.password() != null && !endpoint.password().isEmpty();
		return new RoleDescriptor(endpoint.topology().name().toLowerCase(Locale.ROOT), endpoint.server(),
				endpoint.database(), prefix, endpoint.tls(), endpoint.username(),
				password ? CachePlatformEndpoint.REDACTED : null);
	}

	/** The memcached driver's servers: topology {@code memcached}, the servers as {@code host:port,...}. */
	static RoleDescriptor of(MemcachedServers servers, String prefix) {
		return new RoleDescriptor("memcached", servers.addresses(), 0, prefix, false, servers.username(),
				(servers.password() != null) ? CachePlatformEndpoint.REDACTED : null);
	}

}

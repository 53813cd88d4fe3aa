package dev.cacheplatform.connection;

import java.util.List;
import java.util.stream.Collectors;

import dev.cacheplatform.diagnostics.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * Where one role's connection goes: topology, location, credentials, database and TLS. Built by
 * {@link RedisEndpointResolver}; {@link #toString()} and {@link #describe()} never show a password.
 *
 * @param role the role this endpoint serves
 * @param topology standalone, socket, sentinel or cluster
 * @param host the host (standalone)
 * @param port the port (standalone)
 * @param socketPath the unix socket path (socket)
 * @param nodes cluster seed nodes or sentinel nodes
 * @param sentinelMaster the sentinel master name (sentinel)
 * @param sentinelUsername the ACL user for the sentinels themselves
 * @param sentinelPassword the password of the sentinels themselves
 * @param username the ACL user of the data nodes
 * @param password the password of the data nodes
 * @param database the logical database (always 0 in a cluster)
 * @param tls whether TLS is used
 * @param sslBundle the name of a Spring Boot SSL bundle with the trust and key material, if any
 */
public record RedisEndpoint(RedisRole role, RedisTopology topology, @Nullable String host, int port,
		@Nullable String socketPath, List<Node> nodes, @Nullable String sentinelMaster,
		@Nullable String sentinelUsername, @Nullable String sentinelPassword, @Nullable String username,
		@Nullable String password, int database, boolean tls, @Nullable String sslBundle) {

	/**
	 * A cluster or sentinel node.
	 * @param host the host
	 * @param port the port
	 */
	public record Node(String host, int port) {

		@Override
		public String toString() {
			return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	/**
	 * Returns the same location for another role and database.
	 * @param role the role
	 * @param database the database
	 * @return the new endpoint
	 */
	public RedisEndpoint with(RedisRole role, int database) {
		return new RedisEndpoint(role, this.topology, this.host, this.port, this.socketPath, this.nodes,
				this.sentinelMaster, this.sentinelUsername, this.sentinelPassword, this.username, this.password,
				database, this.tls, this.sslBundle);
	}

	/**
	 * Whether two endpoints reach the same server with the same credentials and database, so that one
	 * connection can serve both.
	 * @param other the other endpoint
	 * @return {@code true} if one connection factory can serve both
	 */
	public boolean sameConnection(RedisEndpoint other) {
		return with(RedisRole.DEFAULT, this.database).equals(other.with(RedisRole.DEFAULT, other.database))
				&& this.database == other.database;
	}

	/**
	 * Whether two endpoints reach the same server (ignoring database and credentials).
	 * @param other the other endpoint
	 * @return {@code true} for the same server
	 */
	public boolean sameServer(RedisEndpoint other) {
		return server().equals(other.server());
	}

	/** @return the server as an operator would name it: host:port, unix:/path, the sentinel master or the cluster seeds */
	public String server() {
		return switch (this.topology) {
			case STANDALONE -> new Node(String.valueOf(this.host), this.port).toString();
			case SOCKET -> "unix:" + this.socketPath;
			case SENTINEL -> this.sentinelMaster + " via sentinels " + joined(this.nodes);
			case CLUSTER -> "cluster " + joined(this.nodes);
		};
	}

	/** @return one line for the startup log: topology, server, database, TLS, user, password masked */
	public String describe() {
		return "topology=" + this.topology.name().toLowerCase(java.util.Locale.ROOT) + ", server=" + server()
				+ ", database=" + this.database + ", tls=" + (this.tls ? "on" : "off") + ", user="
				+ ((this.username != null) ? this.username : "default") + ", password="
				+ Redaction.secret(this.password);
	}

	private static String joined(List<Node> nodes) {
		return nodes.stream().map(Node::toString).collect(Collectors.joining(","));
	}

	@Override
	public String toString() {
		return "RedisEndpoint[role=" + this.role.label() + ", " + describe() + "]";
	}

}

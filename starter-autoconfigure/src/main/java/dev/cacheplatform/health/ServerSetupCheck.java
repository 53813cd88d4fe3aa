package dev.cacheplatform.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.cacheplatform.connection.RedisEndpoint;
import dev.cacheplatform.connection.RedisRole;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Reads how the servers of the roles in use are set up and warns, once at startup, when one is set up
 * the dangerous way for its role (see {@link ServerSetupRules}).
 * <p>
 * Sends {@code INFO memory} and {@code INFO persistence} to each role's server, nothing else: never
 * {@code CONFIG}, which managed and hardened servers rename away. A server that cannot be reached is
 * skipped with one line at INFO level; the cache's own fault handling deals with the outage.
 */
public final class ServerSetupCheck {

	private static final Log logger = LogFactory.getLog(ServerSetupCheck.class);

	private final Map<RedisRole, Role> roles = new LinkedHashMap<>();

	private volatile List<ServerSetupFinding> findings = List.of();

	/**
	 * Adds a role to check.
	 * @param endpoint where the role's server is
	 * @param connectionFactory the role's connections
	 * @return this check
	 */
	public ServerSetupCheck role(RedisEndpoint endpoint, RedisConnectionFactory connectionFactory) {
		this.roles.put(endpoint.role(), new Role(endpoint, connectionFactory));
		return this;
	}

	/**
	 * Reads every role's server and logs one WARN line per finding.
	 * @return the findings of this run, empty when every server is set up for its role
	 */
	public List<ServerSetupFinding> run() {
		List<ServerSetupFinding> found = new ArrayList<>();
		for (Role role : this.roles.values()) {
			Properties info = read(role);
			if (info != null) {
				found.addAll(ServerSetupRules.judge(role.endpoint().role(), role.endpoint().server(), info));
			}
		}
		found.forEach((finding) -> logger.warn(finding.describe()));
		this.findings = List.copyOf(found);
		return this.findings;
	}

	/** @return the findings of the last run, for health and operator endpoints */
	public List<ServerSetupFinding> findings() {
		return this.findings;
	}

	private static @Nullable Properties read(Role role) {
		try (RedisConnection connection = role.connectionFactory().getConnection()) {
			Properties info = new Properties();
			info.putAll(connection.serverCommands().info("memory"));
			info.putAll(connection.serverCommands().info("persistence"));
			return info;
		}
		catch (RuntimeException ex) {
			logger.info("Could not read how the Redis " + role.endpoint().role().label() + " role's server "
					+ role.endpoint().server() + " is set up (" + ex.getClass().getSimpleName()
					+ "); its memory and persistence settings are not checked");
			return null;
		}
	}

	private record Role(RedisEndpoint endpoint, RedisConnectionFactory connectionFactory) {
	}

}

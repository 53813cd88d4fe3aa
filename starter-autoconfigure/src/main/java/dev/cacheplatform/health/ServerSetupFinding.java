package dev.cacheplatform.health;

import dev.cacheplatform.connection.RedisRole;

/**
 * One way a role's Redis server is set up that will hurt: what happens, and the directive that fixes it.
 *
 * @param role the role whose server it is
 * @param server the server as an operator names it (host:port, cluster node), never with credentials
 * @param problem what goes wrong with the server as it is
 * @param fix what to set instead
 */
public record ServerSetupFinding(RedisRole role, String server, String problem, String fix) {

	/** @return one log line: role, server, problem and fix */
	public String describe() {
		return "Redis " + this.role.label() + " role on " + this.server + ": " + this.problem + ". Fix: " + this.fix;
	}

}

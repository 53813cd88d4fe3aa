package dev.cacheplatform.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.cacheplatform.connection.RedisRole;

/**
 * The seeds' operating rules for each role's server, judged from {@code INFO memory} and
 * {@code INFO persistence} alone (no {@code CONFIG}, which hardened servers rename away):
 * <ul>
 * <li>the cache server needs {@code maxmemory} and an evicting policy ({@code allkeys-lru}), or it grows
 * until the host runs out of memory, or refuses every write once full;</li>
 * <li>the session server must not evict ({@code noeviction}) and should persist with AOF
 * ({@code appendfsync everysec}), or users are logged out by memory pressure and by restarts.</li>
 * </ul>
 * One server cannot be both, which is why two servers (or two instances) are recommended.
 */
final class ServerSetupRules {

	private ServerSetupRules() {
	}

	/**
	 * Judges one server.
	 * @param role the role the server plays
	 * @param server how to name the server in a finding
	 * @param info the fields of {@code INFO memory} and {@code INFO persistence}; in a cluster the
	 * fields of every node, each prefixed with {@code host:port.}
	 * @return the findings, empty when the server is set up for its role
	 */
	static List<ServerSetupFinding> judge(RedisRole role, String server, Properties info) {
		List<ServerSetupFinding> findings = new ArrayList<>();
		byNode(server, info).forEach((node, fields) -> findings.addAll(judgeNode(role, node, fields)));
		return findings;
	}

	private static List<ServerSetupFinding> judgeNode(RedisRole role, String node, Map<String, String> fields) {
		List<ServerSetupFinding> findings = new ArrayList<>();
		long maxmemory = parseLong(fields.get("maxmemory"));
		String policy = fields.getOrDefault("maxmemory_policy", "unknown");
		if (role == RedisRole.CACHE) {
			if (maxmemory == 0) {
				findings.add(new ServerSetupFinding(role, node,
						"maxmemory is not set, so the cache grows until the host runs out of memory",
						"set maxmemory (about three quarters of the server's memory) and maxmemory-policy allkeys-lru, as config/redis-cache.conf does"));
			}
			else if ("noeviction".equals(policy)) {
				findings.add(new ServerSetupFinding(role, node,
						"maxmemory-policy is noeviction, so once maxmemory is reached every cache write fails",
						"set maxmemory-policy allkeys-lru, as config/redis-cache.conf does"));
			}
		}
		else if (role == RedisRole.SESSION) {
			if (maxmemory > 0 && !"noeviction".equals(policy)) {
				findings.add(new ServerSetupFinding(role, node, "maxmemory-policy is " + policy
						+ ", so under memory pressure Redis deletes sessions and logs users out",
						"give sessions a server of their own (SESSION_REDIS_URL) with maxmemory-policy noeviction, as config/redis-session.conf does"));
			}
			if ("0".equals(fields.get("aof_enabled"))) {
				findings.add(new ServerSetupFinding(role, node,
						"AOF is off, so a restart loses every session written since the last RDB snapshot (all of them without snapshots)",
						"set appendonly yes and appendfsync everysec, as config/redis-session.conf does"));
			}
		}
		return findings;
	}

	// Lettuce's cluster connection prefixes each node's fields with "host:port."; a single server's are bare
	private static Map<String, Map<String, String>> byNode(String server, Properties info) {
		Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
		for (String name : info.stringPropertyNames()) {
			int dot = name.lastIndexOf('.');
			String node = (dot > 0) ? name.substring(0, dot) : server;
			String field = (dot > 0) ? name.substring(dot + 1) : name;
			nodes.computeIfAbsent(node, (key) -> new LinkedHashMap<>()).put(field, info.getProperty(name));
		}
		return nodes;
	}

	private static long parseLong(String value) {
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}

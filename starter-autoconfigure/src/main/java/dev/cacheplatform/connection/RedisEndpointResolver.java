package dev.cacheplatform.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.cacheplatform.connection.RedisEndpoint.Node;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.core.env.Environment;

/**
 * Turns {@code cache-platform.redis.*} (and, when it names no location, Spring Boot's
 * {@link DataRedisConnectionDetails}) into one {@link RedisEndpoint} per role.
 * <p>
 * Location: cluster nodes, else a sentinel master, else the URL, else host and port, else Boot's
 * connection details, else 127.0.0.1:6379. A role's own URL or host replaces the shared location and
 * carries its own credentials. Databases: the cache role uses {@code cache.database}, else its own
 * URL's, else 1; sessions and the default connection use {@code session.database}, else the session
 * URL's, else {@code database}, else the shared URL's (or Boot's), else 0. A cluster has database 0 only.
 */
public class RedisEndpointResolver {

	/** The cache role's database when nothing says otherwise. */
	public static final int DEFAULT_CACHE_DATABASE = 1;

	private static final int DEFAULT_SENTINEL_PORT = 26379;

	private final CachePlatformRedisProperties properties;

	private final @Nullable DataRedisConnectionDetails bootDetails;

	private final @Nullable DataRedisProperties bootProperties;

	private final @Nullable Environment environment;

	private final Consumer<String> warnings;

	/**
	 * Creates a resolver.
	 * @param properties our properties
	 * @param bootDetails Boot's connection details, used when ours name no location
	 * @param bootProperties Boot's properties, for {@code spring.data.redis.ssl.enabled}
	 * @param environment the environment, to name settings in errors (may be {@code null})
	 * @param warnings where to report settings that are ignored
	 */
	public RedisEndpointResolver(CachePlatformRedisProperties properties,
			@Nullable DataRedisConnectionDetails bootDetails, @Nullable DataRedisProperties bootProperties,
			@Nullable Environment environment, Consumer<String> warnings) {
		this.properties = properties;
		this.bootDetails = bootDetails;
		this.bootProperties = bootProperties;
		this.environment = environment;
		this.warnings = warnings;
	}

	/**
	 * Resolves every role.
	 * @return the endpoints
	 * @throws InvalidSettingException for a malformed or contradictory setting
	 */
	public RedisEndpoints resolve() {
		Shared shared = shared();
		RedisEndpoint base = shared.endpoint;
		boolean cluster = base.topology() == RedisTopology.CLUSTER;

		Integer defaultDatabase = firstNonNull(this.properties.getDatabase(), shared.database);
		RedisEndpoint defaultEndpoint = base.with(RedisRole.DEFAULT,
				database(cluster, defaultDatabase, 0, "cache-platform.redis.database"));

		CachePlatformRedisProperties.Role sessionRole = this.properties.getSession();
		RedisEndpoint session;
		if (hasOwnLocation(sessionRole)) {
			Own own = own(sessionRole, "cache-platform.redis.session", base);
			session = own.endpoint.with(RedisRole.SESSION, database(own.endpoint.topology() == RedisTopology.CLUSTER,
					firstNonNull(sessionRole.getDatabase(), own.database, defaultDatabase), 0,
					databaseSetting(sessionRole.getDatabase(), "cache-platform.redis.session.database")));
		}
		else {
			session = defaultEndpoint.with(RedisRole.SESSION, (sessionRole.getDatabase() != null)
					? database(cluster, sessionRole.getDatabase(), 0, "cache-platform.redis.session.database")
					: defaultEndpoint.database());
		}

		CachePlatformRedisProperties.Role cacheRole = this.properties.getCache();
		RedisEndpoint cache;
		if (hasOwnLocation(cacheRole)) {
			Own own = own(cacheRole, "cache-platform.redis.cache", base);
			cache = own.endpoint.with(RedisRole.CACHE, database(own.endpoint.topology() == RedisTopology.CLUSTER,
					firstNonNull(cacheRole.getDatabase(), own.database), DEFAULT_CACHE_DATABASE,
					"cache-platform.redis.cache.database"));
		}
		else {
			cache = base.with(RedisRole.CACHE,
					database(cluster, cacheRole.getDatabase(), DEFAULT_CACHE_DATABASE, "cache-platform.redis.cache.database"));
		}
		return new RedisEndpoints(defaultEndpoint, cache, session);
	}

	private String databaseSetting(@Nullable Integer explicit, String property) {
		return (explicit != null) ? property : "cache-platform.redis.database";
	}

	private int database(boolean cluster, @Nullable Integer requested, int fallback, String property) {
		if (cluster) {
			if (requested != null && requested != 0) {
				this.warnings.accept(setting(property) + "=" + requested
						+ " is ignored: a Redis Cluster has database 0 only; roles are kept apart by key prefix");
			}
			return 0;
		}
		int database = (requested != null) ? requested : fallback;
		int count = this.properties.getDatabases();
		if (database < 0 || database >= count) {
			throw new InvalidSettingException(setting(property), String.valueOf(database),
					"the database is outside the server's range 0-" + (count - 1),
					"a number from 0 to " + (count - 1)
							+ " (set cache-platform.redis.databases if the server is configured with more databases)");
		}
		return database;
	}

	private Shared shared() {
		CachePlatformRedisProperties p = this.properties;
		boolean ownLocation = p.getUrl() != null || p.getHost() != null || p.getPort() != null
				|| !p.getCluster().getNodes().isEmpty() || p.getSentinel().getMaster() != null
				|| !p.getSentinel().getNodes().isEmpty();
		if (!ownLocation && this.bootDetails != null) {
			return fromBoot(this.bootDetails);
		}
		RedisConnectionUrl url = (p.getUrl() != null)
				? RedisConnectionUrl.parse(p.getUrl(), setting("cache-platform.redis.url")) : null;
		String username = firstNonNull(p.getUsername(), (url != null) ? url.username() : null);
		String password = firstNonNull(p.getPassword(), (url != null) ? url.password() : null);
		boolean tls = (url != null && url.tls()) || Boolean.TRUE.equals(p.getSsl().getEnabled());
		Integer database = (url != null) ? url.database() : null;
		String bundle = p.getSsl().getBundle();
		if (!p.getCluster().getNodes().isEmpty()) {
			List<Node> nodes = nodes(p.getCluster().getNodes(), "cache-platform.redis.cluster.nodes",
					RedisConnectionUrl.DEFAULT_PORT);
			return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.CLUSTER, null, 0, null, nodes, null,
					null, null, username, password, 0, tls, bundle), null);
		}
		if (p.getSentinel().getMaster() != null || !p.getSentinel().getNodes().isEmpty()) {
			return new Shared(sentinel(p, username, password, tls, bundle), database);
		}
		if (url != null && url.socketPath() != null) {
			return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.SOCKET, null, 0, url.socketPath(),
					List.of(), null, null, null, username, password, 0, false, null), database);
		}
		String host = (url != null) ? url.host() : firstNonNull(p.getHost(), "127.0.0.1");
		int port = (url != null) ? url.port() : port(p.getPort(), "cache-platform.redis.port");
		return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.STANDALONE, host, port, null, List.of(),
				null, null, null, username, password, 0, tls, bundle), database);
	}

	private RedisEndpoint sentinel(CachePlatformRedisProperties p, @Nullable String username, @Nullable String password,
			boolean tls, @Nullable String bundle) {
		CachePlatformRedisProperties.Sentinel sentinel = p.getSentinel();
		if (sentinel.getMaster() == null) {
			throw new InvalidSettingException(setting("cache-platform.redis.sentinel.nodes"),
					String.join(",", sentinel.getNodes()), "sentinel nodes are set but no master name",
					"set REDIS_SENTINEL_MASTER (cache-platform.redis.sentinel.master) to the name the sentinels monitor, e.g. mymaster");
		}
		if (sentinel.getNodes().isEmpty()) {
			throw new InvalidSettingException(setting("cache-platform.redis.sentinel.master"), sentinel.getMaster(),
					"a sentinel master is named but no sentinel nodes are set",
					"set REDIS_SENTINEL_NODES (cache-platform.redis.sentinel.nodes) to host:port,host:port of the sentinels");
		}
		List<Node> nodes = nodes(sentinel.getNodes(), "cache-platform.redis.sentinel.nodes", DEFAULT_SENTINEL_PORT);
		return new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.SENTINEL, null, 0, null, nodes, sentinel.getMaster(),
				sentinel.getUsername(), sentinel.getPassword(), username, password, 0, tls, bundle);
	}

	private Shared fromBoot(DataRedisConnectionDetails details) {
		boolean tls = details.getSslBundle() != null
				|| (this.bootProperties != null && this.bootProperties.getSsl().isEnabled())
				|| (this.bootProperties != null && this.bootProperties.getUrl() != null
						&& this.bootProperties.getUrl().startsWith("rediss:"))
				|| Boolean.TRUE.equals(this.properties.getSsl().getEnabled());
		String bundle = firstNonNull(this.properties.getSsl().getBundle(),
				(this.bootProperties != null) ? this.bootProperties.getSsl().getBundle() : null);
		String username = firstNonNull(this.properties.getUsername(), details.getUsername());
		String password = firstNonNull(this.properties.getPassword(), details.getPassword());
		if (details.getCluster() != null) {
			List<Node> nodes = details.getCluster().getNodes().stream().map((n) -> new Node(n.host(), n.port())).toList();
			return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.CLUSTER, null, 0, null, nodes, null,
					null, null, username, password, 0, tls, bundle), null);
		}
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			List<Node> nodes = sentinel.getNodes().stream().map((n) -> new Node(n.host(), n.port())).toList();
			return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.SENTINEL, null, 0, null, nodes,
					sentinel.getMaster(), sentinel.getUsername(), sentinel.getPassword(), username, password, 0, tls,
					bundle), sentinel.getDatabase());
		}
		DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
		if (standalone == null) {
			throw new InvalidSettingException("spring.data.redis", "master-replica",
					"Redis master/replica connection details are not supported by Cache Platform",
					"a standalone, sentinel or cluster location (REDIS_URL, REDIS_SENTINEL_*, REDIS_CLUSTER_NODES)");
		}
		return new Shared(new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.STANDALONE, standalone.getHost(),
				standalone.getPort(), null, List.of(), null, null, null, username, password, 0, tls, bundle),
				standalone.getDatabase());
	}

	private boolean hasOwnLocation(CachePlatformRedisProperties.Role role) {
		return role.getUrl() != null || role.getHost() != null || role.getPort() != null;
	}

	private Own own(CachePlatformRedisProperties.Role role, String prefix, RedisEndpoint base) {
		if (role.getUrl() != null) {
			RedisConnectionUrl url = RedisConnectionUrl.parse(role.getUrl(), setting(prefix + ".url"));
			String username = firstNonNull(role.getUsername(), url.username());
			String password = firstNonNull(role.getPassword(), url.password());
			boolean tls = url.tls() || Boolean.TRUE.equals(this.properties.getSsl().getEnabled());
			RedisEndpoint endpoint = (url.socketPath() != null)
					? new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.SOCKET, null, 0, url.socketPath(), List.of(),
							null, null, null, username, password, 0, false, null)
					: new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.STANDALONE, url.host(), url.port(), null,
							List.of(), null, null, null, username, password, 0, tls, this.properties.getSsl().getBundle());
			return new Own(endpoint, url.database());
		}
		String host = firstNonNull(role.getHost(), (base.host() != null) ? base.host() : "127.0.0.1");
		int port = (role.getPort() != null) ? port(role.getPort(), prefix + ".port")
				: (base.topology() == RedisTopology.STANDALONE) ? base.port() : RedisConnectionUrl.DEFAULT_PORT;
		RedisEndpoint endpoint = new RedisEndpoint(RedisRole.DEFAULT, RedisTopology.STANDALONE, host, port, null,
				List.of(), null, null, null, role.getUsername(), role.getPassword(), 0,
				Boolean.TRUE.equals(this.properties.getSsl().getEnabled()), this.properties.getSsl().getBundle());
		return new Own(endpoint, null);
	}

	private int port(@Nullable Integer port, String property) {
		if (port == null) {
			return RedisConnectionUrl.DEFAULT_PORT;
		}
		if (port < 1 || port > 65535) {
			throw new InvalidSettingException(setting(property), String.valueOf(port), "the port is out of range",
					"a number from 1 to 65535");
		}
		return port;
	}

	private List<Node> nodes(List<String> texts, String property, int defaultPort) {
		List<Node> nodes = new ArrayList<>();
		for (String text : texts) {
			String node = text.trim();
			if (node.isEmpty()) {
				continue;
			}
			String host = node;
			String port = null;
			if (node.startsWith("[") && node.contains("]")) {
				host = node.substring(1, node.indexOf(']'));
				String after = node.substring(node.indexOf(']') + 1);
				port = after.startsWith(":") ? after.substring(1) : null;
			}
			else if (node.lastIndexOf(':') > 0) {
				host = node.substring(0, node.lastIndexOf(':'));
				port = node.substring(node.lastIndexOf(':') + 1);
			}
			int number = defaultPort;
			if (port != null) {
				try {
					number = Integer.parseInt(port);
				}
				catch (NumberFormatException ex) {
					number = -1;
				}
			}
			if (host.isEmpty() || number < 1 || number > 65535) {
				throw new InvalidSettingException(setting(property), String.join(",", texts),
						"the node '" + node + "' is not host:port", "a comma-separated list of host:port, e.g. "
								+ "10.0.0.1:6379,10.0.0.2:6379");
			}
			nodes.add(new Node(host, number));
		}
		if (nodes.isEmpty()) {
			throw new InvalidSettingException(setting(property), String.join(",", texts), "no node is given",
					"a comma-separated list of host:port");
		}
		return List.copyOf(nodes);
	}

	private String setting(String property) {
		return SettingNames.describe(this.environment, property);
	}

	@SafeVarargs
	private static <T> @Nullable T firstNonNull(@Nullable T... values) {
		for (T value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private record Shared(RedisEndpoint endpoint, @Nullable Integer database) {
	}

	private record Own(RedisEndpoint endpoint, @Nullable Integer database) {
	}

}

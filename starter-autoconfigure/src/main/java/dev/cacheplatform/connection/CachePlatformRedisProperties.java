package dev.cacheplatform.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cacheplatform.diagnostics.Redaction;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is and how to talk to it, for every role at once ({@code cache-platform.redis.*}),
 * with per-role overrides under {@code cache} and {@code session}. When no location is set here,
 * Spring Boot's {@code spring.data.redis.*} (or a {@code @ServiceConnection}) is used instead.
 */
@ConfigurationProperties("cache-platform.redis")
public class CachePlatformRedisProperties {

	/**
	 * Connection URL for every role: redis://[[user]:password@]host[:port][/db], rediss:// for TLS,
	 * or redis-socket:///path/redis.sock?database=N. Env: REDIS_URL.
	 */
	private @Nullable String url;

	/** Redis host when no URL is given. Env: REDIS_HOST. */
	private @Nullable String host;

	/** Redis port when no URL is given. Env: REDIS_PORT. */
	private @Nullable Integer port;

	/** ACL username. Env: REDIS_USERNAME. */
	private @Nullable String username;

	/** Password (requirepass or the ACL user's). Env: REDIS_PASSWORD. */
	private @Nullable String password;

	/**
	 * Logical database of sessions and of the application's default connection; defaults to the
	 * URL's database, else 0. Env: REDIS_SESSION_DB (alias REDIS_DB).
	 */
	private @Nullable Integer database;

	/** Number of logical databases the server has (redis.conf 'databases'); database numbers are checked against it. */
	private int databases = 16;

	/** Connection timeout; short, so that a dead server is noticed quickly; when unset, spring.data.redis.connect-timeout applies. Env: REDIS_CONNECT_TIMEOUT. */
	private Duration connectTimeout = Duration.ofMillis(250);

	/** Command timeout; a cache call never waits longer than this for Redis; when unset, spring.data.redis.timeout applies. Env: REDIS_COMMAND_TIMEOUT. */
	private Duration commandTimeout = Duration.ofMillis(250);

	/**
	 * Longest wait between two reconnect attempts after a connection to Redis was lost: the wait doubles
	 * from 1 ms up to this, so a restarted server is used again within about this long (Lettuce's own
	 * default is 30 s). Env: REDIS_RECONNECT_MAX_DELAY.
	 */
	private Duration reconnectMaxDelay = Duration.ofSeconds(1);

	/** Time allowed for a graceful client shutdown; when unset, spring.data.redis.lettuce.shutdown-timeout applies. */
	private Duration shutdownTimeout = Duration.ofMillis(100);

	/** Prefix of each role's client name (CLIENT SETNAME '<name>:<role>'); defaults to spring.data.redis.client-name, else spring.application.name. */
	private @Nullable String clientName;

	/** Whether to read each role's server settings (INFO) at startup and warn when they endanger the role: a cache without maxmemory, sessions that can be evicted or are not persisted. */
	private boolean checkServerSetup = true;

	/** TLS settings. */
	private final Ssl ssl = new Ssl();

	/** Redis Cluster settings. */
	private final Cluster cluster = new Cluster();

	/** Redis Sentinel settings. */
	private final Sentinel sentinel = new Sentinel();

	/** Overrides for the cache role. */
	private final Role cache = new Role();

	/** Overrides for the session role. */
	private final Role session = new Role();

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable Integer getDatabase() {
		return this.database;
	}

	public void setDatabase(@Nullable Integer database) {
		this.database = database;
	}

	public int getDatabases() {
		return this.databases;
	}

	public void setDatabases(int databases) {
		this.databases = databases;
	}

	public Duration getReconnectMaxDelay() {
		return this.reconnectMaxDelay;
	}

	public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
		if (reconnectMaxDelay.isNegative() || reconnectMaxDelay.isZero()) {
			throw new IllegalArgumentException("must be a positive duration, such as 1s or 500ms");
		}
		this.reconnectMaxDelay = reconnectMaxDelay;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable String getClientName() {
		return this.clientName;
	}

	public void setClientName(@Nullable String clientName) {
		this.clientName = clientName;
	}

	public boolean isCheckServerSetup() {
		return this.checkServerSetup;
	}

	public void setCheckServerSetup(boolean checkServerSetup) {
		this.checkServerSetup = checkServerSetup;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Sentinel getSentinel() {
		return this.sentinel;
	}

	public Role getCache() {
		return this.cache;
	}

	public Role getSession() {
		return this.session;
	}

	@Override
	public String toString() {
		return "CachePlatformRedisProperties[url=" + Redaction.url(this.url) + ", host="
				+ this.host + ", port=" + this.port + ", username=" + this.username + ", password="
				+ Redaction.secret(this.password) + ", database=" + this.database + "]";
	}

	/**
	 * TLS settings. A rediss:// URL turns TLS on by itself.
	 */
	public static class Ssl {

		/** Whether to use TLS; a rediss:// URL enables it. Env: REDIS_TLS. */
		private @Nullable Boolean enabled;

		/** How the server certificate is checked. Env: REDIS_TLS_VERIFY. */
		private TlsVerification verify = TlsVerification.FULL;

		/** PEM file of the CA (or certificate) to trust instead of the JVM's trust store. Env: REDIS_TLS_CA_CERT. */
		private @Nullable String caCertificate;

		/** Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) with trust and client key material. */
		private @Nullable String bundle;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public TlsVerification getVerify() {
			return this.verify;
		}

		public void setVerify(TlsVerification verify) {
			this.verify = verify;
		}

		public @Nullable String getCaCertificate() {
			return this.caCertificate;
		}

		public void setCaCertificate(@Nullable String caCertificate) {
			this.caCertificate = caCertificate;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * How the server's TLS certificate is verified.
	 */
	public enum TlsVerification {

		/** Trusted chain and host name match (the default). */
		FULL,

		/** Trusted chain only; the host name is not checked. */
		CA,

		/** No verification at all: traffic is encrypted but the server is not authenticated. */
		NONE

	}

	/**
	 * Redis Cluster settings.
	 */
	public static class Cluster {

		/** Seed nodes as host:port; setting them selects cluster mode. Env: REDIS_CLUSTER_NODES. */
		private List<String> nodes = new ArrayList<>();

		/** Period of the background topology refresh; when unset, spring.data.redis.lettuce.cluster.refresh.period applies. */
		private Duration refreshPeriod = Duration.ofSeconds(30);

		/** Whether MOVED/ASK redirects and reconnects trigger an immediate topology refresh. */
		private boolean adaptiveRefresh = true;

		/** Maximum number of redirects to follow for one command; when unset, spring.data.redis.cluster.max-redirects applies. */
		private int maxRedirects = 5;

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

		public boolean isAdaptiveRefresh() {
			return this.adaptiveRefresh;
		}

		public void setAdaptiveRefresh(boolean adaptiveRefresh) {
			this.adaptiveRefresh = adaptiveRefresh;
		}

		public int getMaxRedirects() {
			return this.maxRedirects;
		}

		public void setMaxRedirects(int maxRedirects) {
			this.maxRedirects = maxRedirects;
		}

	}

	/**
	 * Redis Sentinel settings.
	 */
	public static class Sentinel {

		/** Name of the monitored master; setting it selects sentinel mode. Env: REDIS_SENTINEL_MASTER. */
		private @Nullable String master;

		/** Sentinel nodes as host:port. Env: REDIS_SENTINEL_NODES. */
		private List<String> nodes = new ArrayList<>();

		/** ACL username for the sentinels themselves. */
		private @Nullable String username;

		/** Password for the sentinels themselves. Env: REDIS_SENTINEL_PASSWORD. */
		private @Nullable String password;

		public @Nullable String getMaster() {
			return this.master;
		}

		public void setMaster(@Nullable String master) {
			this.master = master;
		}

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * A role's own location, when it lives elsewhere than the shared one. The same class serves the cache and the
	 * session role; the IDE help of each role's properties, with the role's own variables, is in
	 * {@code META-INF/additional-spring-configuration-metadata.json}.
	 */
	public static class Role {

		/** This role's own connection URL, with its own credentials. */
		private @Nullable String url;

		/** This role's own host. */
		private @Nullable String host;

		/** This role's own port. */
		private @Nullable Integer port;

		/** This role's own ACL username. */
		private @Nullable String username;

		/** This role's own password. */
		private @Nullable String password;

		/** This role's logical database. */
		private @Nullable Integer database;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable Integer getDatabase() {
			return this.database;
		}

		public void setDatabase(@Nullable Integer database) {
			this.database = database;
		}

		@Override
		public String toString() {
			return "Role[url=" + Redaction.url(this.url) + ", host=" + this.host
					+ ", port=" + this.port + ", password=" + Redaction.secret(this.password)
					+ ", database=" + this.database + "]";
		}

	}

}

package dev.cacheplatform.cache.memcached;

import java.time.Duration;

import dev.cacheplatform.diagnostics.Redaction;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the memcached servers are and how to talk to them ({@code cache-platform.memcached.*}), used when
 * {@code CACHE_DRIVER=memcached}. Key prefix, TTLs, tenant scoping and value encoding are the cache's settings
 * ({@code cache-platform.cache.*}), shared with every driver.
 */
@ConfigurationProperties("cache-platform.memcached")
public class MemcachedProperties {

	/**
	 * The servers: memcached://[user:password@]host:port[,host:port...]; several servers share the keys by
	 * consistent hashing. Env: MEMCACHED_URL, else CACHE_URL.
	 */
	private @Nullable String url;

	/** One server's host when no URL is given. Env: CACHE_HOST (when CACHE_DRIVER=memcached). */
	private @Nullable String host;

	/** One server's port when no URL is given. Env: CACHE_PORT (when CACHE_DRIVER=memcached). */
	private @Nullable Integer port;

	/** SASL username, for servers started with -S (sent over the binary protocol). Env: MEMCACHED_USERNAME. */
	private @Nullable String username;

	/** SASL password. Env: MEMCACHED_PASSWORD, or CACHE_PASSWORD when CACHE_DRIVER=memcached. */
	private @Nullable String password;

	/** Connection timeout; short, so that a dead server is noticed quickly. */
	private Duration connectTimeout = Duration.ofMillis(500);

	/** Command timeout: a cache call never waits longer than this for a server (a frozen one included). */
	private Duration commandTimeout = Duration.ofMillis(250);

	/** How often a lost connection is tried again, so a restarted server is used again within about this long. */
	private Duration reconnectInterval = Duration.ofSeconds(1);

	/**
	 * How long an instance reuses a generation number (the part of each key a clear changes) before reading it
	 * again: a clear made on another instance is seen here within this long. 0 reads it with every call (one
	 * more round trip per call).
	 */
	private Duration generationRefresh = Duration.ofSeconds(1);

	/** Connections per server. */
	private int connectionPoolSize = 1;

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

	public Duration getReconnectInterval() {
		return this.reconnectInterval;
	}

	public void setReconnectInterval(Duration reconnectInterval) {
		this.reconnectInterval = reconnectInterval;
	}

	public Duration getGenerationRefresh() {
		return this.generationRefresh;
	}

	public void setGenerationRefresh(Duration generationRefresh) {
		this.generationRefresh = generationRefresh;
	}

	public int getConnectionPoolSize() {
		return this.connectionPoolSize;
	}

	public void setConnectionPoolSize(int connectionPoolSize) {
		this.connectionPoolSize = connectionPoolSize;
	}

	@Override
	public String toString() {
		return "MemcachedProperties[url=" + Redaction.url(this.url) + ", host=" + this.host + ", port=" + this.port
				+ ", username=" + this.username + ", password=" + Redaction.secret(this.password) + ", commandTimeout="
				+ this.commandTimeout + ", generationRefresh=" + this.generationRefresh + "]";
	}

}

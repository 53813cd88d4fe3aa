package dev.cacheplatform.cache.memcached;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.Redaction;
import dev.cacheplatform.diagnostics.SettingNames;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The memcached servers resolved from {@link MemcachedProperties}: the URL when there is one, else host and port,
 * else {@code 127.0.0.1:11211}; checked at startup, so a bad value stops it with a report naming the setting and
 * the value (password masked). {@link #toString()} never shows the password.
 *
 * @param servers each server, in the order given
 * @param username the SASL username, or {@code null}
 * @param password the SASL password, or {@code null}
 */
public record MemcachedServers(List<Server> servers, @Nullable String username, @Nullable String password) {

	static final String URL_PROPERTY = "cache-platform.memcached.url";

	private static final String SCHEME = "memcached://";

	private static final String URL_FORM = "memcached://[user:password@]host:port[,host:port...], e.g. "
			+ "memcached://127.0.0.1:11211 or memcached://cache-a:11211,cache-b:11211";

	/** The port of a server given without one. */
	public static final int DEFAULT_PORT = 11211;

	/**
	 * Resolves and checks the settings.
	 * @param properties the settings
	 * @param environment names the settings in a report
	 * @return the servers
	 * @throws InvalidSettingException if a value cannot be used
	 */
	public static MemcachedServers resolve(MemcachedProperties properties, @Nullable Environment environment) {
		checkPositive(properties.getCommandTimeout(), "cache-platform.memcached.command-timeout", environment);
		checkPositive(properties.getConnectTimeout(), "cache-platform.memcached.connect-timeout", environment);
		checkPositive(properties.getReconnectInterval(), "cache-platform.memcached.reconnect-interval", environment);
		if (properties.getGenerationRefresh().isNegative()) {
			throw new InvalidSettingException(
					SettingNames.describe(environment, "cache-platform.memcached.generation-refresh"),
					properties.getGenerationRefresh().toString(), "it is negative",
					"a duration such as 1s or 500ms; 0 reads the generation with every call");
		}
		if (properties.getConnectionPoolSize() < 1) {
			throw new InvalidSettingException(
					SettingNames.describe(environment, "cache-platform.memcached.connection-pool-size"),
					Integer.toString(properties.getConnectionPoolSize()), "it is below 1", "a whole number from 1");
		}
		String url = properties.getUrl();
		MemcachedServers servers = (url != null && !url.isBlank()) ? parse(url.trim(), environment)
				: new MemcachedServers(List.of(server((properties.getHost() != null) ? properties.getHost() : "127.0.0.1",
						(properties.getPort() != null) ? properties.getPort() : DEFAULT_PORT, "cache-platform.memcached.port",
						String.valueOf(properties.getPort()), environment)), null, null);
		String username = (properties.getUsername() != null) ? properties.getUsername() : servers.username();
		String password = (properties.getPassword() != null) ? properties.getPassword() : servers.password();
		if (username != null && (password == null || password.isEmpty())) {
			throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.memcached.username"),
					username, "a SASL username needs a password", "set MEMCACHED_PASSWORD "
							+ "(cache-platform.memcached.password) too, or give both in the URL");
		}
		if (username == null && password != null && !password.isEmpty()) {
			throw new InvalidSettingException(SettingNames.describe(environment, "cache-platform.memcached.password"),
					Redaction.MASK, "a SASL password needs a username (memcached has no password-only login)",
					"set MEMCACHED_USERNAME (cache-platform.memcached.username) too, or give both in the URL");
		}
		return new MemcachedServers(servers.servers(), username, password);
	}

	private static MemcachedServers parse(String url, @Nullable Environment environment) {
		String setting = SettingNames.describe(environment, URL_PROPERTY);
		String shown = Redaction.url(url);
		if (!url.startsWith(SCHEME)) {
			throw new InvalidSettingException(setting, shown, "it does not start with memcached://", URL_FORM);
		}
		String rest = url.substring(SCHEME.length());
		String username = null;
		String password = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			String userInfo = rest.substring(0, at);
			int colon = userInfo.indexOf(':');
			if (colon <= 0) {
				throw new InvalidSettingException(setting, shown, "the credentials are not of the form user:password",
						URL_FORM);
			}
			username = decode(userInfo.substring(0, colon));
			password = decode(userInfo.substring(colon + 1));
			rest = rest.substring(at + 1);
		}
		if (rest.endsWith("/")) {
			rest = rest.substring(0, rest.length() - 1);
		}
		List<Server> servers = new ArrayList<>();
		for (String entry : rest.split(",", -1)) {
			String trimmed = entry.trim();
			int colon = trimmed.lastIndexOf(':');
			String host = (colon >= 0) ? trimmed.substring(0, colon) : trimmed;
			if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
				throw new InvalidSettingException(setting, shown, "'" + trimmed + "' is not a host:port", URL_FORM);
			}
			int port = DEFAULT_PORT;
			if (colon >= 0) {
				String text = trimmed.substring(colon + 1);
				try {
					port = Integer.parseInt(text);
				}
				catch (NumberFormatException ex) {
					throw new InvalidSettingException(setting, shown, "the port of '" + trimmed + "' is not a number",
							URL_FORM);
				}
			}
			servers.add(server(host, port, URL_PROPERTY, shown, environment));
		}
		return new MemcachedServers(List.copyOf(servers), username, password);
	}

	private static Server server(String host, int port, String property, String shown,
			@Nullable Environment environment) {
		if (port < 1 || port > 65535) {
			throw new InvalidSettingException(SettingNames.describe(environment, property), shown,
					"the port " + port + " is out of range", "a port from 1 to 65535 (memcached's is 11211)");
		}
		return new Server(host, port);
	}

	private static void checkPositive(Duration duration, String property, @Nullable Environment environment) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidSettingException(SettingNames.describe(environment, property), duration.toString(),
					"it is not positive", "a positive duration such as 250ms or 1s");
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/** @return whether SASL credentials are set */
	public boolean authenticated() {
		return this.username != null;
	}

	/** @return the servers as {@code host:port,host:port} */
	public String addresses() {
		return this.servers.stream().map(Server::toString).collect(Collectors.joining(","));
	}

	@Override
	public String toString() {
		return "memcached://" + ((this.username != null) ? this.username + ":" + Redaction.MASK + "@" : "")
				+ addresses();
	}

	/**
	 * One server.
	 *
	 * @param host its host name or address
	 * @param port its port
	 */
	public record Server(String host, int port) {

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

}

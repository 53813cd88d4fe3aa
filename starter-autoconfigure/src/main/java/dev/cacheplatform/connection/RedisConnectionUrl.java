package dev.cacheplatform.connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * A parsed connection URL: {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for
 * TLS, or {@code redis-socket://[[user]:password@]/path/redis.sock[?database=N]} for a unix socket.
 * Userinfo may be percent-encoded. A malformed URL is an {@link InvalidSettingException} that shows
 * the URL with its password masked.
 *
 * @param tls whether the scheme is rediss
 * @param host the host, or {@code null} for a socket
 * @param port the port (6379 when absent)
 * @param socketPath the socket path, or {@code null} for TCP
 * @param username the ACL user, if any
 * @param password the password, if any
 * @param database the database from the path or query, if any
 */
public record RedisConnectionUrl(boolean tls, @Nullable String host, int port, @Nullable String socketPath,
		@Nullable String username, @Nullable String password, @Nullable Integer database) {

	/** What a URL setting accepts, for error messages. */
	public static final String ACCEPTED = "redis://[[user]:password@]host[:port][/db], rediss://... for TLS, "
			+ "or redis-socket:///path/to/redis.sock?database=N (percent-encode special characters in the password)";

	/** Redis's default port. */
	public static final int DEFAULT_PORT = 6379;

	/**
	 * Parses a connection URL.
	 * @param url the URL text
	 * @param setting the setting it came from, for error messages
	 * @return the parsed URL
	 * @throws InvalidSettingException if the URL is malformed
	 */
	public static RedisConnectionUrl parse(String url, String setting) {
		int schemeEnd = url.indexOf("://");
		if (schemeEnd < 0) {
			throw invalid(url, setting, "it has no scheme (redis://, rediss:// or redis-socket://)");
		}
		String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
		String rest = url.substring(schemeEnd + 3);
		return switch (scheme) {
			case "redis", "rediss" -> parseTcp(url, setting, scheme.equals("rediss"), rest);
			case "redis-socket", "unix" -> parseSocket(url, setting, rest);
			default -> throw invalid(url, setting, "the scheme '" + scheme + "' is not supported");
		};
	}

	private static RedisConnectionUrl parseTcp(String url, String setting, boolean tls, String rest) {
		int at = rest.lastIndexOf('@');
		String afterUserInfo = (at >= 0) ? rest.substring(at + 1) : rest;
		String[] credentials = credentials(url, setting, (at >= 0) ? rest.substring(0, at) : null);
		int pathStart = indexOfAny(afterUserInfo, "/?#");
		String hostPort = (pathStart >= 0) ? afterUserInfo.substring(0, pathStart) : afterUserInfo;
		String path = (pathStart >= 0) ? afterUserInfo.substring(pathStart) : "";
		String host;
		String portText = null;
		if (hostPort.startsWith("[")) {
			int close = hostPort.indexOf(']');
			if (close < 0) {
				throw invalid(url, setting, "the IPv6 host has no closing ']'");
			}
			host = hostPort.substring(1, close);
			String after = hostPort.substring(close + 1);
			if (after.startsWith(":")) {
				portText = after.substring(1);
			}
			else if (!after.isEmpty()) {
				throw invalid(url, setting, "unexpected text after the IPv6 host");
			}
		}
		else {
			int colon = hostPort.lastIndexOf(':');
			host = (colon >= 0) ? hostPort.substring(0, colon) : hostPort;
			portText = (colon >= 0) ? hostPort.substring(colon + 1) : null;
		}
		if (host.isEmpty()) {
			throw invalid(url, setting, "it names no host");
		}
		int port = (portText != null) ? port(url, setting, portText) : DEFAULT_PORT;
		Integer database = database(url, setting, path);
		return new RedisConnectionUrl(tls, host, port, null, credentials[0], credentials[1], database);
	}

	private static RedisConnectionUrl parseSocket(String url, String setting, String rest) {
		int slash = rest.indexOf('/');
		if (slash < 0) {
			throw invalid(url, setting, "it names no socket path");
		}
		String userInfoPart = rest.substring(0, slash);
		int at = userInfoPart.lastIndexOf('@');
		if (!userInfoPart.isEmpty() && at < 0) {
			throw invalid(url, setting, "a socket URL has no host: write redis-socket:///path/to/redis.sock");
		}
		String[] credentials = credentials(url, setting, (at >= 0) ? userInfoPart.substring(0, at) : null);
		String pathAndQuery = rest.substring(slash);
		int query = pathAndQuery.indexOf('?');
		String path = (query >= 0) ? pathAndQuery.substring(0, query) : pathAndQuery;
		if (path.length() < 2) {
			throw invalid(url, setting, "it names no socket path");
		}
		Integer database = null;
		if (query >= 0) {
			for (String parameter : pathAndQuery.substring(query + 1).split("&")) {
				if (parameter.startsWith("database=") || parameter.startsWith("db=")) {
					database = databaseNumber(url, setting, parameter.substring(parameter.indexOf('=') + 1));
				}
			}
		}
		return new RedisConnectionUrl(false, null, 0, path, credentials[0], credentials[1], database);
	}

	private static String[] credentials(String url, String setting, @Nullable String userInfo) {
		if (userInfo == null || userInfo.isEmpty()) {
			return new String[2];
		}
		int colon = userInfo.indexOf(':');
		if (colon < 0) {
			// redis://secret@host is how many Redis clients write a password without a user.
			return new String[] { null, decode(url, setting, userInfo) };
		}
		String user = decode(url, setting, userInfo.substring(0, colon));
		String password = decode(url, setting, userInfo.substring(colon + 1));
		return new String[] { user.isEmpty() ? null : user, password.isEmpty() ? null : password };
	}

	private static int port(String url, String setting, String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(url, setting, "the port '" + text + "' is not a number from 1 to 65535");
	}

	private static @Nullable Integer database(String url, String setting, String path) {
		int end = indexOfAny(path, "?#");
		String database = ((end >= 0) ? path.substring(0, end) : path);
		if (database.startsWith("/")) {
			database = database.substring(1);
		}
		return database.isEmpty() ? null : databaseNumber(url, setting, database);
	}

	private static int databaseNumber(String url, String setting, String text) {
		try {
			int database = Integer.parseInt(text);
			if (database >= 0) {
				return database;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(url, setting, "the database '" + text + "' is not a number from 0 to 15");
	}

	private static String decode(String url, String setting, String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
						|| Character.digit(text.charAt(i + 2), 16) < 0) {
					throw invalid(url, setting, "the user or password has a '%' that is not followed by two hex digits");
				}
				bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static InvalidSettingException invalid(String url, String setting, String problem) {
		return new InvalidSettingException(setting, Redaction.url(url), problem, ACCEPTED);
	}

	@Override
	public String toString() {
		return "RedisConnectionUrl[tls=" + this.tls + ", host=" + this.host + ", port=" + this.port + ", socketPath="
				+ this.socketPath + ", username=" + this.username + ", password=" + Redaction.secret(this.password)
				+ ", database=" + this.database + "]";
	}

}

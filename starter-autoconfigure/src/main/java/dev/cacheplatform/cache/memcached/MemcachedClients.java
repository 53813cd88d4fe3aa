package dev.cacheplatform.cache.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.auth.AuthInfo;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;

/**
 * Builds the xmemcached client of the memcached driver: consistent (ketama) hashing over the servers, so adding
 * or losing one moves only its share of the keys; while a server is unreachable its keys go to the others (the
 * client's failure mode is off) and its connection is retried every {@code reconnect-interval}. The text protocol,
 * or the binary protocol with SASL PLAIN authentication when credentials are set (memcached's SASL needs it).
 * Connecting sends {@code version} (and, with SASL, the binary authentication commands); nothing else.
 */
public final class MemcachedClients {

	private MemcachedClients() {
	}

	/**
	 * Connects. A server that is down does not fail this: the client keeps trying it.
	 * @param servers the servers and credentials
	 * @param properties timeouts, reconnect interval and pool size
	 * @return the client; shut it down when done
	 */
	public static MemcachedClient create(MemcachedServers servers, MemcachedProperties properties) {
		List<InetSocketAddress> addresses = servers.servers()
			.stream()
			.map((server) -> new InetSocketAddress(server.host(), server.port()))
			.toList();
		XMemcachedClientBuilder builder = new XMemcachedClientBuilder(addresses);
		builder.setName("cache-platform");
		builder.setSessionLocator(new KetamaMemcachedSessionLocator());
		builder.setFailureMode(false);
		builder.setConnectTimeout(properties.getConnectTimeout().toMillis());
		builder.setOpTimeout(properties.getCommandTimeout().toMillis());
		builder.setEnableHealSession(true);
		builder.setHealSessionInterval(properties.getReconnectInterval().toMillis());
		builder.setConnectionPoolSize(properties.getConnectionPoolSize());
		builder.setSanitizeKeys(false);
		if (servers.authenticated()) {
			builder.setCommandFactory(new BinaryCommandFactory());
			builder.setAuthInfoMap(authInfo(addresses, servers.username(), servers.password()));
		}
		else {
			builder.setCommandFactory(new TextCommandFactory());
		}
		try {
			return builder.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the memcached client for " + servers, ex);
		}
	}

	/**
	 * The credentials under every name xmemcached may look a server up by. It finds them by the host string of
	 * the connected session's remote address, which is the literal IP, or the reverse-resolved name once
	 * anything asked for it (its own connect log does): keyed by the configured host alone, no SASL
	 * authentication was ever started and every command was refused.
	 */
	static Map<InetSocketAddress, AuthInfo> authInfo(List<InetSocketAddress> addresses, String username,
			String password) {
		Map<InetSocketAddress, AuthInfo> auth = new LinkedHashMap<>();
		for (InetSocketAddress address : addresses) {
			auth.put(address, AuthInfo.plain(username, password));
			InetAddress resolved = address.getAddress();
			if (resolved != null) {
				for (String host : List.of(resolved.getHostAddress(), resolved.getHostName())) {
					auth.putIfAbsent(InetSocketAddress.createUnresolved(host, address.getPort()),
							AuthInfo.plain(username, password));
				}
			}
		}
		return auth;
	}

}

package dev.cacheplatform.connection;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceSslClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Builds a {@link LettuceConnectionFactory} for a {@link RedisEndpoint} with production defaults, the
 * same for every role so that no role silently loses TLS, credentials or timeouts:
 * <ul>
 * <li>short connect and command timeouts ({@code cache-platform.redis.connect-timeout},
 * {@code command-timeout}, 250 ms each by default, else Boot's; see {@link RedisClientSettings});</li>
 * <li>commands are rejected at once while disconnected instead of queueing for the whole timeout, and
 * the connection reconnects in the background;</li>
 * <li>TCP keepalive, so a half-open connection is noticed;</li>
 * <li>in a cluster, periodic and adaptive topology refresh, so a failover heals by itself;</li>
 * <li>TLS with full certificate verification unless told otherwise;</li>
 * <li>a client name ({@code <application>:<role>}) visible in CLIENT LIST;</li>
 * <li>no connection at startup, so the application starts while Redis is down.</li>
 * </ul>
 * The application's {@link LettuceClientConfigurationBuilderCustomizer} and
 * {@link LettuceClientOptionsBuilderCustomizer} beans apply to every role, after these defaults.
 * Every role shares one set of {@link ClientResources} (event loops and timers).
 */
public class LettuceRoleConnectionFactories {

	private final CachePlatformRedisProperties properties;

	private final ClientResources clientResources;

	private final List<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers;

	private final List<LettuceClientOptionsBuilderCustomizer> optionsCustomizers;

	private final @Nullable SslBundles sslBundles;

	private final RedisClientSettings settings;

	/**
	 * Creates the builder.
	 * @param properties connection settings
	 * @param clientResources the shared Lettuce resources
	 * @param configurationCustomizers the application's configuration customizers
	 * @param optionsCustomizers the application's client options customizers
	 * @param sslBundles Boot's SSL bundles, if any
	 * @param settings timeouts and client name in effect
	 */
	public LettuceRoleConnectionFactories(CachePlatformRedisProperties properties, ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers, @Nullable SslBundles sslBundles,
			RedisClientSettings settings) {
		this.properties = properties;
		this.clientResources = clientResources;
		this.configurationCustomizers = configurationCustomizers.orderedStream().toList();
		this.optionsCustomizers = optionsCustomizers.orderedStream().toList();
		this.sslBundles = sslBundles;
		this.settings = settings;
	}

	/**
	 * Creates a connection factory for an endpoint; the caller (the bean container) starts it.
	 * @param endpoint where to connect
	 * @return the factory, not yet started
	 */
	public LettuceConnectionFactory create(RedisEndpoint endpoint) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(redisConfiguration(endpoint),
				clientConfiguration(endpoint));
		factory.setEagerInitialization(false);
		factory.setValidateConnection(false);
		return factory;
	}

	private RedisConfiguration redisConfiguration(RedisEndpoint endpoint) {
		RedisPassword password = RedisPassword.of(endpoint.password());
		return switch (endpoint.topology()) {
			case STANDALONE -> {
				RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(String.valueOf(endpoint.host()),
						endpoint.port());
				config.setDatabase(endpoint.database());
				config.setUsername(endpoint.username());
				config.setPassword(password);
				yield config;
			}
			case SOCKET -> {
				RedisSocketConfiguration config = new RedisSocketConfiguration(String.valueOf(endpoint.socketPath()));
				config.setDatabase(endpoint.database());
				config.setUsername(endpoint.username());
				config.setPassword(password);
				yield config;
			}
			case SENTINEL -> {
				RedisSentinelConfiguration config = new RedisSentinelConfiguration();
				config.master(String.valueOf(endpoint.sentinelMaster()));
				endpoint.nodes().forEach((node) -> config.sentinel(node.host(), node.port()));
				config.setDatabase(endpoint.database());
				config.setUsername(endpoint.username());
				config.setPassword(password);
				config.setSentinelUsername(endpoint.sentinelUsername());
				config.setSentinelPassword(RedisPassword.of(endpoint.sentinelPassword()));
				yield config;
			}
			case CLUSTER -> {
				RedisClusterConfiguration config = new RedisClusterConfiguration(
						endpoint.nodes().stream().map(RedisEndpoint.Node::toString).toList());
				config.setMaxRedirects(this.settings.maxRedirects());
				config.setUsername(endpoint.username());
				config.setPassword(password);
				yield config;
			}
		};
	}

	private LettuceClientConfiguration clientConfiguration(RedisEndpoint endpoint) {
		LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
		SslBundle bundle = null;
		if (endpoint.tls()) {
			LettuceSslClientConfigurationBuilder ssl = builder.useSsl();
			ssl.verifyPeer(switch (this.properties.getSsl().getVerify()) {
				case FULL -> SslVerifyMode.FULL;
				case CA -> SslVerifyMode.CA;
				case NONE -> SslVerifyMode.NONE;
			});
			if (endpoint.sslBundle() != null && this.sslBundles != null) {
				bundle = this.sslBundles.getBundle(endpoint.sslBundle());
			}
		}
		builder.commandTimeout(this.settings.commandTimeout());
		builder.shutdownTimeout(this.settings.shutdownTimeout());
		builder.clientName(clientName(endpoint.role()));
		builder.clientResources(this.clientResources);
		builder.clientOptions(clientOptions(endpoint, bundle));
		this.configurationCustomizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private String clientName(RedisRole role) {
		return this.settings.clientName().replace(' ', '-') + ":" + role.label();
	}

	private ClientOptions clientOptions(RedisEndpoint endpoint, @Nullable SslBundle bundle) {
		ClientOptions.Builder builder;
		if (endpoint.topology() == RedisTopology.CLUSTER) {
			CachePlatformRedisProperties.Cluster cluster = this.properties.getCluster();
			ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
				.enablePeriodicRefresh(this.settings.refreshPeriod())
				.dynamicRefreshSources(true);
			if (cluster.isAdaptiveRefresh()) {
				refresh.enableAllAdaptiveRefreshTriggers();
			}
			builder = ClusterClientOptions.builder()
				.topologyRefreshOptions(refresh.build())
				.maxRedirects(this.settings.maxRedirects());
		}
		else {
			builder = ClientOptions.builder();
		}
		Duration commandTimeout = this.settings.commandTimeout();
		builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.socketOptions(SocketOptions.builder()
				.connectTimeout(this.settings.connectTimeout())
				.keepAlive(KeepAliveOptions.builder()
					.enable()
					.idle(Duration.ofSeconds(30))
					.interval(Duration.ofSeconds(10))
					.count(3)
					.build())
				.build());
		SslOptions sslOptions = sslOptions(endpoint, bundle);
		if (sslOptions != null) {
			builder.sslOptions(sslOptions);
		}
		this.optionsCustomizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private @Nullable SslOptions sslOptions(RedisEndpoint endpoint, @Nullable SslBundle bundle) {
		if (!endpoint.tls()) {
			return null;
		}
		SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
		if (bundle != null) {
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			if (bundle.getOptions().getEnabledProtocols() != null) {
				builder.protocols(bundle.getOptions().getEnabledProtocols());
			}
			if (bundle.getOptions().getCiphers() != null) {
				builder.cipherSuites(bundle.getOptions().getCiphers());
			}
		}
		else if (this.properties.getSsl().getCaCertificate() != null) {
			Resource resource = resource(this.properties.getSsl().getCaCertificate());
			builder.trustManager(resource::getInputStream);
		}
		return builder.build();
	}

	/** A plain path is a file (an absolute one stays absolute); {@code classpath:} and {@code file:} work too. */
	private static Resource resource(String location) {
		return (location.startsWith("classpath:") || location.startsWith("file:"))
				? new DefaultResourceLoader().getResource(location) : new FileSystemResource(location);
	}

}

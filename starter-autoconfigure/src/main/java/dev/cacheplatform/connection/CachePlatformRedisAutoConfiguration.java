package dev.cacheplatform.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.Redaction;
import dev.cacheplatform.diagnostics.SettingNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.Transports;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis connections per role. Runs before Boot's {@code DataRedisAutoConfiguration}, whose connection
 * factory it replaces (Boot's still provides {@code RedisTemplate} and {@code StringRedisTemplate} on
 * ours), and only when the application asked for Redis. Beans:
 * <ul>
 * <li>{@code redisConnectionFactory}: the application's default connection (database of sessions,
 * 0 by default); backs off when the application defines a {@link RedisConnectionFactory};</li>
 * <li>{@value #CACHE_CONNECTION_FACTORY} and {@value #SESSION_CONNECTION_FACTORY}: one factory per role,
 * not autowired by type, so they never compete with the application's own factory;</li>
 * <li>{@code lettuceClientResources}: one set of event loops shared by every role.</li>
 * </ul>
 * Nothing connects at startup: the application starts while Redis is down.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisClient.class, LettuceConnectionFactory.class, DataRedisConnectionDetails.class })
@ConditionalOnRedisRequested
@EnableConfigurationProperties(CachePlatformRedisProperties.class)
public final class CachePlatformRedisAutoConfiguration {

	/** Bean name of the cache role's connection factory. */
	public static final String CACHE_CONNECTION_FACTORY = "cachePlatformCacheConnectionFactory";

	/** Bean name of the session role's connection factory. */
	public static final String SESSION_CONNECTION_FACTORY = "cachePlatformSessionConnectionFactory";

	private static final Log logger = LogFactory.getLog(CachePlatformRedisAutoConfiguration.class);

	@Bean
	RedisEndpoints cachePlatformRedisEndpoints(CachePlatformRedisProperties properties,
			ObjectProvider<DataRedisConnectionDetails> bootDetails,
			ObjectProvider<DataRedisProperties> bootProperties, Environment environment) {
		RedisEndpoints endpoints = new RedisEndpointResolver(properties, bootDetails.getIfAvailable(),
				bootProperties.getIfAvailable(), environment, logger::warn)
			.resolve();
		checkSocketTransport(endpoints, properties, environment);
		return endpoints;
	}

	/**
	 * The shared event loops, reconnecting with a backoff capped at {@code cache-platform.redis.reconnect-max-delay}
	 * (Lettuce's default grows to 30 s, so hits resumed up to 30 s after a restarted Redis was back); the
	 * application's {@link ClientResourcesBuilderCustomizer} beans apply after it.
	 */
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean(ClientResources.class)
	DefaultClientResources lettuceClientResources(CachePlatformRedisProperties properties,
			ObjectProvider<ClientResourcesBuilderCustomizer> customizers) {
		DefaultClientResources.Builder builder = DefaultClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(1), properties.getReconnectMaxDelay(), 2,
					TimeUnit.MILLISECONDS));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	RedisClientSettings cachePlatformRedisClientSettings(CachePlatformRedisProperties properties,
			Environment environment) {
		RedisClientSettings settings = RedisClientSettings.read(properties, environment, logger::warn);
		if (!settings.read().isEmpty()) {
			logger.info("Cache Platform Redis connections use Spring Boot's " + String.join(", ", settings.read())
					+ " (cache-platform.redis.* is not set for these)");
		}
		return settings;
	}

	@Bean
	LettuceRoleConnectionFactories cachePlatformLettuceRoleConnectionFactories(CachePlatformRedisProperties properties,
			RedisClientSettings settings, ClientResources clientResources,
			ObjectProvider<LettuceClientConfigurationBuilderCustomizer> configurationCustomizers,
			ObjectProvider<LettuceClientOptionsBuilderCustomizer> optionsCustomizers,
			ObjectProvider<SslBundles> sslBundles) {
		return new LettuceRoleConnectionFactories(properties, clientResources, configurationCustomizers,
				optionsCustomizers, sslBundles.getIfAvailable(), settings);
	}

	@Bean
	@ConditionalOnMissingBean(RedisConnectionFactory.class)
	LettuceConnectionFactory redisConnectionFactory(LettuceRoleConnectionFactories factories, RedisEndpoints endpoints) {
		return factories.create(endpoints.defaultEndpoint());
	}

	@Bean(name = CACHE_CONNECTION_FACTORY, defaultCandidate = false)
	LettuceConnectionFactory cachePlatformCacheConnectionFactory(LettuceRoleConnectionFactories factories,
			RedisEndpoints endpoints) {
		return factories.create(endpoints.cache());
	}

	@Bean(name = SESSION_CONNECTION_FACTORY, defaultCandidate = false)
	LettuceConnectionFactory cachePlatformSessionConnectionFactory(LettuceRoleConnectionFactories factories,
			RedisEndpoints endpoints) {
		return factories.create(endpoints.session());
	}

	/**
	 * A unix socket needs a Netty native transport, which the starter leaves to the application (see
	 * docs/native-transports.md); without one, say so at startup instead of failing every command later.
	 */
	private static void checkSocketTransport(RedisEndpoints endpoints, CachePlatformRedisProperties properties,
			Environment environment) {
		if (Transports.NativeTransports.isDomainSocketSupported()) {
			return;
		}
		for (RedisEndpoint endpoint : List.of(endpoints.defaultEndpoint(), endpoints.cache(), endpoints.session())) {
			if (endpoint.topology() == RedisTopology.SOCKET) {
				String property = socketUrlProperty(endpoint.role(), properties);
				String url = environment.getProperty(property);
				throw new InvalidSettingException(SettingNames.describe(environment, property), Redaction.url(url),
						"a unix socket needs Netty's native transport, which is not on the classpath",
						"add io.netty:netty-transport-native-epoll with the classifier linux-x86_64 or linux-aarch_64 "
								+ "(macOS: netty-transport-native-kqueue, osx-x86_64 or osx-aarch_64) to the "
								+ "application, see docs/native-transports.md; or use a redis:// URL");
			}
		}
	}

	private static String socketUrlProperty(RedisRole role, CachePlatformRedisProperties properties) {
		if (role == RedisRole.CACHE && properties.getCache().getUrl() != null) {
			return "cache-platform.redis.cache.url";
		}
		if (role == RedisRole.SESSION && properties.getSession().getUrl() != null) {
			return "cache-platform.redis.session.url";
		}
		return "cache-platform.redis.url";
	}

}

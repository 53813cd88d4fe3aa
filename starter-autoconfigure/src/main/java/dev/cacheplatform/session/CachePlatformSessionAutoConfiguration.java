package dev.cacheplatform.session;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.Redaction;
import dev.cacheplatform.diagnostics.SettingNames;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import dev.cacheplatform.session.memory.BoundedSessionMap;
import dev.cacheplatform.session.redis.EnvelopeSessionCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisProperties;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisProperties.ConfigureAction;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.config.ConfigureNotifyKeyspaceEventsAction;
import org.springframework.session.data.redis.config.ConfigureRedisAction;
import org.springframework.session.data.redis.config.annotation.SpringSessionRedisConnectionFactory;
import org.springframework.session.data.redis.config.annotation.web.http.RedisIndexedHttpSessionConfiguration;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * HTTP sessions on the store in effect ({@code SESSION_STORE}): Redis on the session role's own database
 * or server, an in-process map, or the servlet container's sessions ({@code none}). Runs before Boot's
 * session auto-configurations, which then contribute the cookie serializer
 * ({@code server.servlet.session.cookie.*}) and the filter registration. Backs off when the application
 * defines a {@link SessionRepository} (for example with {@code @EnableRedisHttpSession}).
 */
@AutoConfiguration(after = CachePlatformRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
				"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration" })
@ConditionalOnClass({ Session.class, SessionTimeout.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CachePlatformSessionProperties.class)
public final class CachePlatformSessionAutoConfiguration {

	/** The session role's connection as Spring Session's indexed repository gets it, when that type is chosen. */
	public static final String INDEXED_SESSION_CONNECTION_FACTORY = "cachePlatformIndexedSessionConnectionFactory";

	private static final Log logger = LogFactory.getLog(CachePlatformSessionAutoConfiguration.class);

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	/** Stock Spring Boot's choice of Spring Session repository: default or indexed. */
	static final String REPOSITORY_TYPE = "spring.session.data.redis.repository-type";

	/** Stock property names that older apps carry and what replaces them. */
	private static final Map<String, String> LEGACY_PROPERTIES = Map.of("spring.session.store-type",
			"SESSION_STORE (cache-platform.session.store)", "spring.session.redis.namespace",
			"spring.session.data.redis.namespace or cache-platform.session.namespace", "spring.session.redis.flush-mode",
			"spring.session.data.redis.flush-mode", "spring.session.data.redis.database",
			"REDIS_SESSION_DB (cache-platform.redis.database); stock Spring Session ignores this property");

	@Bean
	@ConditionalOnMissingBean
	SessionTimeout cachePlatformSessionTimeout(CachePlatformSessionProperties properties, Environment environment) {
		Duration timeout = properties.getTimeout();
		Duration resolved = (timeout != null) ? timeout
				: stockTimeout(environment, "spring.session.timeout",
						stockTimeout(environment, "server.servlet.session.timeout", Duration.ofMinutes(30)));
		return () -> resolved;
	}

	/** Reads a stock timeout as Spring Boot binds it: a duration, or a bare number of seconds. */
	private static Duration stockTimeout(Environment environment, String property, Duration fallback) {
		return Binder.get(environment)
			.bind(property, String.class)
			.map((value) -> DurationStyle.detectAndParse(value, ChronoUnit.SECONDS))
			.orElse(fallback);
	}

	@Bean
	static LegacySessionPropertiesWarning cachePlatformLegacySessionPropertiesWarning(Environment environment) {
		LEGACY_PROPERTIES.forEach((legacy, replacement) -> {
			if (environment.containsProperty(legacy)) {
				logger.warn("The property " + legacy + " is not read by Cache Platform or Spring Boot 4; use "
						+ replacement + " instead");
			}
		});
		return new LegacySessionPropertiesWarning();
	}

	@Bean
	static InapplicableSessionSettings cachePlatformInapplicableSessionSettings(Environment environment,
			ObjectProvider<SessionRepository<?>> repositories) {
		return new InapplicableSessionSettings(environment, repositories, logger::warn);
	}

	/**
	 * The key namespace: ours, else Spring Session's, else the cache prefix followed by {@code session}.
	 * The cache's settings are read as properties, not through the cache package: sessions do not depend on
	 * caching.
	 */
	public static String namespace(CachePlatformSessionProperties properties, Environment environment) {
		if (properties.getNamespace() != null) {
			return properties.getNamespace();
		}
		return environment.getProperty("spring.session.data.redis.namespace",
				environment.getProperty("cache-platform.cache.prefix", "") + "session");
	}

	/** Marker bean: the legacy-property check has run. */
	static final class LegacySessionPropertiesWarning {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSessionStore(SessionStore.MEMORY)
	@ConditionalOnMissingBean(SessionRepository.class)
	@Import(SpringHttpSessionConfiguration.class)
	static class MemorySessionConfiguration {

		/** Sessions in a Caffeine map: each expires by its own idle timeout, and their number is bounded. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = CAFFEINE)
		static class BoundedMemorySessionConfiguration {

			@Bean
			@ConditionalOnMissingBean
			BoundedSessionMap cachePlatformSessionMap(CachePlatformSessionProperties properties) {
				return new BoundedSessionMap(properties.getMaxSessions(), Ticker.systemTicker(),
						Scheduler.systemScheduler());
			}

			@Bean
			MapSessionRepository sessionRepository(SessionTimeout timeout, BoundedSessionMap sessions) {
				return repository(sessions.asMap(), timeout);
			}

		}

		/** Without Caffeine: Spring Session's plain map, as stock Boot would have it. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingClass(CAFFEINE)
		static class UnboundedMemorySessionConfiguration {

			@Bean
			MapSessionRepository sessionRepository(SessionTimeout timeout) {
				logger.warn("SESSION_STORE=memory without Caffeine on the classpath: expired sessions are removed only "
						+ "when read again, and their number is not bounded; add com.github.ben-manes.caffeine:caffeine");
				return repository(new ConcurrentHashMap<>(), timeout);
			}

		}

		private static MapSessionRepository repository(Map<String, Session> sessions, SessionTimeout timeout) {
			MapSessionRepository repository = new MapSessionRepository(sessions);
			repository.setDefaultMaxInactiveInterval(timeout.getTimeout());
			return repository;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnSessionStore(SessionStore.REDIS)
	@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY)
	@ConditionalOnMissingBean(SessionRepository.class)
	@ConditionalOnProperty(name = REPOSITORY_TYPE, havingValue = "default", matchIfMissing = true)
	@Import(SpringHttpSessionConfiguration.class)
	static class RedisSessionConfiguration {

		@Bean
		CachePlatformRedisSessionRepository sessionRepository(
				@Qualifier(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory,
				CachePlatformSessionProperties properties,
				SessionTimeout timeout, Environment environment, BeanFactory beanFactory) {
			CachePlatformRedisSessionRepository repository = new CachePlatformRedisSessionRepository(connectionFactory,
					namespace(properties, environment),
					new EnvelopeSessionCodec(allowList(environment, beanFactory), keys(properties, environment),
							logger::warn),
					Clock.systemUTC());
			repository.setDefaultMaxInactiveInterval(timeout.getTimeout());
			repository.setTouchInterval(properties.getTouchInterval());
			repository.setReadLegacyFormat(properties.isReadLegacyFormat());
			Binder binder = Binder.get(environment);
			binder.bind("spring.session.data.redis.flush-mode", FlushMode.class).ifBound(repository::setFlushMode);
			binder.bind("spring.session.data.redis.save-mode", SaveMode.class).ifBound(repository::setSaveMode);
			return repository;
		}

		@Bean
		@ConditionalOnClass(name = "org.springframework.web.servlet.support.SessionFlashMapManager")
		static SessionStoreTolerantFlashMapManager.Installer cachePlatformSessionStoreTolerantFlashMapManager() {
			return new SessionStoreTolerantFlashMapManager.Installer();
		}

		@Bean
		FilterRegistrationBean<SessionStoreUnavailableFilter> cachePlatformSessionStoreUnavailableFilter() {
			FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
					new SessionStoreUnavailableFilter());
			registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
			return registration;
		}

		@Bean
		FilterRegistrationBean<SessionRequestScopeFilter> cachePlatformSessionRequestScopeFilter() {
			FilterRegistrationBean<SessionRequestScopeFilter> registration = new FilterRegistrationBean<>(
					new SessionRequestScopeFilter());
			registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
			return registration;
		}

		/** The cache's allowed packages (cache-platform.cache.serialization.allowed-packages) and the app's. */
		private static TypeAllowList allowList(Environment environment, BeanFactory beanFactory) {
			List<String> packages = new ArrayList<>(Binder.get(environment)
				.bind("cache-platform.cache.serialization.allowed-packages", Bindable.listOf(String.class))
				.orElse(List.of()));
			if (AutoConfigurationPackages.has(beanFactory)) {
				packages.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			return TypeAllowList.of(packages);
		}

		private static List<byte[]> keys(CachePlatformSessionProperties properties, Environment environment) {
			String keys = properties.getEncryptionKeys();
			if (keys == null || keys.isBlank()) {
				return List.of();
			}
			try {
				return EnvelopeSessionCodec.parseKeys(keys);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSettingException(
						SettingNames.describe(environment, "cache-platform.session.encryption-keys"), Redaction.MASK,
						ex.getMessage(), "comma-separated base64 AES keys of 16, 24 or 32 bytes, newest first, "
								+ "e.g. from 'openssl rand -base64 32'");
			}
		}

	}

	/**
	 * {@code spring.session.data.redis.repository-type=indexed}: Spring Session's own
	 * {@link RedisIndexedSessionRepository}, as stock Spring Boot builds it, but on the session role's
	 * connection, with our namespace and timeout, and without the {@code CONFIG SET notify-keyspace-events}
	 * that stock sends at startup (hardened and managed servers rename CONFIG away): the operator enables
	 * keyspace notifications on the session server, and startup says so. An application that asks for the
	 * indexed repository gets what it offers beyond ours, session events ({@code SessionCreatedEvent},
	 * {@code SessionDeletedEvent}, {@code SessionExpiredEvent}), at its cost: about 7 Redis commands per
	 * request instead of 1, a pub/sub connection, and a clean-up task every minute.
	 * {@code spring.session.data.redis.configure-action=notify-keyspace-events} restores stock's CONFIG call.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, RedisIndexedSessionRepository.class,
			SessionDataRedisProperties.class })
	@ConditionalOnSessionStore(SessionStore.REDIS)
	@ConditionalOnBean(name = CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY)
	@ConditionalOnMissingBean(SessionRepository.class)
	@ConditionalOnProperty(name = REPOSITORY_TYPE, havingValue = "indexed")
	@Import(RedisIndexedHttpSessionConfiguration.class)
	static class IndexedRedisSessionConfiguration {

		/** The session role's factory, under the qualifier Spring Session's configuration looks for. */
		@Bean(name = INDEXED_SESSION_CONNECTION_FACTORY, defaultCandidate = false, destroyMethod = "")
		@SpringSessionRedisConnectionFactory
		RedisConnectionFactory cachePlatformIndexedSessionConnectionFactory(
				@Qualifier(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY) RedisConnectionFactory connectionFactory) {
			return connectionFactory;
		}

		@Bean
		@ConditionalOnMissingBean
		ConfigureRedisAction configureRedisAction(Environment environment) {
			ConfigureAction action = Binder.get(environment)
				.bind("spring.session.data.redis.configure-action", ConfigureAction.class)
				.orElse(ConfigureAction.NONE);
			if (action == ConfigureAction.NOTIFY_KEYSPACE_EVENTS) {
				return new ConfigureNotifyKeyspaceEventsAction();
			}
			logger.warn(REPOSITORY_TYPE + "=indexed: Spring Session's indexed repository publishes session events "
					+ "from keyspace notifications, which Cache Platform does not switch on (it never sends CONFIG). "
					+ "Set 'notify-keyspace-events Egx' in the session server's redis.conf (or CONFIG SET "
					+ "notify-keyspace-events Egx); without it sessions still expire, but no SessionExpiredEvent or "
					+ "SessionDeletedEvent is published. The default repository type needs neither and costs one "
					+ "command per request instead of about seven");
			return ConfigureRedisAction.NO_OP;
		}

		@Bean
		SessionRepositoryCustomizer<RedisIndexedSessionRepository> cachePlatformIndexedSessionRepositoryCustomizer(
				CachePlatformSessionProperties properties,
				SessionTimeout timeout, Environment environment) {
			String namespace = namespace(properties, environment);
			Binder binder = Binder.get(environment);
			return (repository) -> {
				repository.setDefaultMaxInactiveInterval(timeout.getTimeout());
				repository.setRedisKeyNamespace(namespace);
				binder.bind("spring.session.data.redis.flush-mode", FlushMode.class).ifBound(repository::setFlushMode);
				binder.bind("spring.session.data.redis.save-mode", SaveMode.class).ifBound(repository::setSaveMode);
				binder.bind("spring.session.data.redis.cleanup-cron", String.class).ifBound(repository::setCleanupCron);
			};
		}

	}

}

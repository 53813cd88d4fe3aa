package dev.cacheplatform.sample.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.CachePlatformEnvironmentPostProcessor;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import org.assertj.core.api.ThrowingConsumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application context with the starter and Boot's Redis, cache and session auto-configurations, as
 * every application using the starter has them, and the helpers the example tests share.
 */
final class ExampleContexts {

	private ExampleContexts() {
	}

	/** @return a runner for a servlet application with the starter (nothing connects at startup) */
	static WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				DataRedisAutoConfiguration.class, CachePlatformRedisAutoConfiguration.class,
				CachePlatformCacheAutoConfiguration.class, CacheAutoConfiguration.class,
				CachePlatformSessionAutoConfiguration.class, SessionDataRedisAutoConfiguration.class,
				SessionAutoConfiguration.class, CachePlatformAutoConfiguration.class));
	}

	/**
	 * A {@link #runner()} for talking to real servers: with timeouts far above the starter's production 250 ms,
	 * because the machine running the tests may be busy, and a slow first command would be a cache fault (the
	 * value silently not cached) rather than an error.
	 * @return the runner
	 */
	static WebApplicationContextRunner liveRunner() {
		return runner().withPropertyValues("cache-platform.redis.connect-timeout=5s",
				"cache-platform.redis.command-timeout=5s");
	}

	/**
	 * Makes the given variables the environment's only ones and runs the real
	 * {@link CachePlatformEnvironmentPostProcessor}, as SpringApplication does at startup.
	 * @param environment the environment
	 * @param variables the variables
	 */
	static void installVariables(ConfigurableEnvironment environment, Map<String, String> variables) {
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
		new CachePlatformEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
	}

	/**
	 * The variables the post-processor turned into properties: each mapped property names the variable it
	 * came from as its origin.
	 * @param environment the environment after {@link #installVariables}
	 * @return the names of the variables that set at least one property
	 */
	static Set<String> variablesUnderstood(ConfigurableEnvironment environment) {
		Set<String> understood = new TreeSet<>();
		PropertySource<?> mapped = environment.getPropertySources()
			.get(CachePlatformEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		if (mapped == null) {
			return understood;
		}
		@SuppressWarnings("unchecked")
		OriginLookup<String> origins = (OriginLookup<String>) mapped;
		for (String property : ((EnumerablePropertySource<?>) mapped).getPropertyNames()) {
			Origin origin = origins.getOrigin(property);
			if (origin instanceof SystemEnvironmentOrigin variable) {
				understood.add(variable.getProperty());
			}
		}
		return understood;
	}

	/**
	 * Caches a value through the application's {@link CacheManager} and reads it back.
	 * @param context the running context
	 * @param cacheName the cache
	 * @param key the key
	 */
	static void cacheRoundTrip(ApplicationContext context, String cacheName, String key) {
		Cache cache = context.getBean(CacheManager.class).getCache(cacheName);
		assertThat(cache).isNotNull();
		cache.put(key, "value of " + key);
		assertThat(cache.get(key, String.class)).isEqualTo("value of " + key);
	}

	/**
	 * Stores a session through the application's {@link SessionRepository} and reads it back.
	 * @param context the running context
	 * @return the session id
	 */
	@SuppressWarnings("unchecked")
	static String sessionRoundTrip(ApplicationContext context) {
		SessionRepository<Session> sessions = context.getBean(SessionRepository.class);
		Session session = sessions.createSession();
		session.setAttribute("cart", 3);
		sessions.save(session);
		Session found = sessions.findById(session.getId());
		assertThat(found).isNotNull();
		assertThat(found.<Integer>getAttribute("cart")).isEqualTo(3);
		return session.getId();
	}

	/**
	 * @param ttl what a key's PTTL should be close to
	 * @return an assertion that a PTTL in milliseconds is at most {@code ttl} and more than a minute below it
	 */
	static ThrowingConsumer<Long> closeTo(Duration ttl) {
		return (pttl) -> assertThat(pttl).isBetween(ttl.minusMinutes(1).toMillis(), ttl.toMillis());
	}

}

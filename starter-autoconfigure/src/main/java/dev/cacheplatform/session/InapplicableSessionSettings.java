package dev.cacheplatform.session;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

/**
 * Once every singleton exists, warns about each Spring Session setting that the session repository in effect
 * does not read, naming the setting and what to do instead, so that a setting carried over from stock Spring
 * Boot is never silently dropped:
 * <ul>
 * <li>Cache Platform's Redis repository (the default type): {@code spring.session.data.redis.cleanup-cron} and
 * {@code configure-action}, which only Spring Session's indexed repository uses;</li>
 * <li>in-memory sessions ({@code SESSION_STORE=memory}) and the container's sessions ({@code none}): every
 * {@code spring.session.data.redis.*} setting;</li>
 * <li>in any case the Spring Boot 2 names {@code spring.session.redis.cleanup-cron}, {@code save-mode} and
 * {@code configure-action}, which Spring Boot 4 no longer reads.</li>
 * </ul>
 * Spring Session's indexed repository and a repository the application defines itself are not judged.
 */
final class InapplicableSessionSettings implements SmartInitializingSingleton {

	private static final String REDIS_PREFIX = "spring.session.data.redis";

	private static final List<String> INDEXED_ONLY = List.of("cleanup-cron", "configure-action");

	private static final List<String> BOOT2_NAMES = List.of("cleanup-cron", "save-mode", "configure-action");

	private final Environment environment;

	private final ObjectProvider<SessionRepository<?>> repositories;

	private final Consumer<String> warnings;

	InapplicableSessionSettings(Environment environment, ObjectProvider<SessionRepository<?>> repositories,
			Consumer<String> warnings) {
		this.environment = environment;
		this.repositories = repositories;
		this.warnings = warnings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Binder binder = Binder.get(this.environment);
		for (String name : BOOT2_NAMES) {
			String legacy = "spring.session.redis." + name;
			if (this.environment.containsProperty(legacy)) {
				this.warnings.accept("The property " + legacy + " is not read by Spring Boot 4 or Cache Platform; "
						+ "its Spring Boot 4 name is " + REDIS_PREFIX + "." + name
						+ (INDEXED_ONLY.contains(name) ? ", which applies to " + REDIS_PREFIX
								+ ".repository-type=indexed only" : ""));
			}
		}
		Map<String, Object> redisSettings = binder.bind(REDIS_PREFIX, Bindable.mapOf(String.class, Object.class))
			.map((Map<String, Object> map) -> (Map<String, Object>) new TreeMap<>(map))
			.orElse(Map.of());
		if (redisSettings.isEmpty()) {
			return;
		}
		SessionRepository<?> repository = this.repositories.getIfUnique();
		if (repository instanceof CachePlatformRedisSessionRepository) {
			for (String name : INDEXED_ONLY) {
				if (redisSettings.containsKey(name)) {
					this.warnings.accept(REDIS_PREFIX + "." + name + " is ignored: it applies to Spring Session's "
							+ "indexed repository only, and Cache Platform's Redis session repository (the default "
							+ "repository type) lets Redis expire sessions itself and never sends CONFIG; remove it, or "
							+ "set " + REDIS_PREFIX + ".repository-type=indexed to use the indexed repository");
				}
			}
		}
		else if (repository == null || repository instanceof MapSessionRepository) {
			this.warnings.accept(String.join(", ", redisSettings.keySet().stream().map(
					(name) -> REDIS_PREFIX + "." + name).toList()) + (redisSettings.size() == 1 ? " is" : " are")
					+ " ignored: sessions are not kept in Redis (" + store(repository)
					+ "); set SESSION_STORE=redis (cache-platform.session.store) with a Redis location to use them, or "
					+ "remove them");
		}
	}

	private static String store(@Nullable SessionRepository<?> repository) {
		return (repository != null) ? "SESSION_STORE=memory: in-process sessions"
				: "no session repository: the servlet container's own sessions";
	}

}

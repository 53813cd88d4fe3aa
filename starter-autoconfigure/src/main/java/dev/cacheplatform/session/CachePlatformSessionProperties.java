package dev.cacheplatform.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP session settings ({@code cache-platform.session.*}).
 */
@ConfigurationProperties("cache-platform.session")
public class CachePlatformSessionProperties {

	/** Session store; defaults to redis when a Redis location is configured, else memory. Env: SESSION_STORE. */
	private @Nullable SessionStore store;

	/** Idle timeout of a session; defaults to server.servlet.session.timeout. Env: SESSION_TTL. */
	private @Nullable Duration timeout;

	public @Nullable SessionStore getStore() {
		return this.store;
	}

	public void setStore(@Nullable SessionStore store) {
		this.store = store;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("a session timeout must be positive");
		}
		this.timeout = timeout;
	}

}

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

	/** Idle timeout of a session; defaults to spring.session.timeout, then server.servlet.session.timeout. Env: SESSION_TTL. */
	private @Nullable Duration timeout;

	/** Key namespace of sessions in Redis; defaults to spring.session.data.redis.namespace, else '<cache prefix>session'. */
	private @Nullable String namespace;

	/** The last-access time is written to Redis only when it moved at least this much, so reading an unchanged session costs one GET; idle expiry may come up to this much early. */
	private Duration touchInterval = Duration.ofSeconds(60);

	/** AES keys (base64, 16/24/32 bytes, comma separated) that encrypt session contents at rest; the first writes, all read. Env: SESSION_ENCRYPTION_KEYS. */
	private @Nullable String encryptionKeys;

	/** Whether sessions stored in the earlier one-string format are still read and converted at their next save; switch off once every instance runs this version and one idle timeout has passed (saves a GET per request with an unknown session id). */
	private boolean readLegacyFormat = true;

	/** Memory store: the most sessions kept at once; beyond it the least recently used are dropped, with a WARN. */
	private int maxSessions = 100_000;

	public @Nullable SessionStore getStore() {
		return this.store;
	}

	public void setStore(@Nullable SessionStore store) {
		this.store = store;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public Duration getTouchInterval() {
		return this.touchInterval;
	}

	public void setTouchInterval(Duration touchInterval) {
		if (touchInterval.isNegative()) {
			throw new IllegalArgumentException("a touch interval must be 0 or positive");
		}
		this.touchInterval = touchInterval;
	}

	public @Nullable String getEncryptionKeys() {
		return this.encryptionKeys;
	}

	public void setEncryptionKeys(@Nullable String encryptionKeys) {
		this.encryptionKeys = encryptionKeys;
	}

	public boolean isReadLegacyFormat() {
		return this.readLegacyFormat;
	}

	public void setReadLegacyFormat(boolean readLegacyFormat) {
		this.readLegacyFormat = readLegacyFormat;
	}

	public int getMaxSessions() {
		return this.maxSessions;
	}

	public void setMaxSessions(int maxSessions) {
		if (maxSessions < 1) {
			throw new IllegalArgumentException("the most sessions kept must be at least 1");
		}
		this.maxSessions = maxSessions;
	}

	@Override
	public String toString() {
		return "CachePlatformSessionProperties[store=" + this.store + ", timeout=" + this.timeout + ", namespace="
				+ this.namespace + ", encryptionKeys=" + ((this.encryptionKeys != null) ? "****" : "none") + "]";
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

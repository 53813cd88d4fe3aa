package dev.cacheplatform.session.redis;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one HTTP request has read from the session store, for the repository to reuse within that request.
 * <p>
 * Spring Session's filter commits a session twice per request (when the response commits, and when the
 * filter unwinds), and the second commit looks the session up by id again: without this scope, that is a
 * second read of an unchanged session. Within a scope, a session found once is handed out again as the same
 * object (its unsaved changes included), and once the store has failed, every further call of the request
 * fails at once instead of waiting for another timeout.
 * <p>
 * A filter opens a scope around Spring Session's filter and closes it when the request ends; outside a
 * scope (other threads, scheduled work) the repository always reads the store. Scopes are per thread and
 * never outlive their request.
 */
public final class SessionRequestScope implements AutoCloseable {

	private static final ThreadLocal<SessionRequestScope> CURRENT = new ThreadLocal<>();

	private @Nullable SessionRequestScope outer;

	private final Map<String, CachePlatformRedisSessionRepository.@Nullable RedisSession> sessions = new HashMap<>(4);

	private @Nullable SessionStoreUnavailableException failure;

	private boolean usedStore;

	/**
	 * Opens a new scope on this thread; close it in a {@code finally}.
	 * @return the scope
	 */
	public static SessionRequestScope open() {
		return new SessionRequestScope().enter();
	}

	/**
	 * Makes this scope current on this thread again, for a later dispatch of the same request (an error
	 * page, an async dispatch); close it in a {@code finally}.
	 * @return this scope
	 */
	public SessionRequestScope enter() {
		this.outer = CURRENT.get();
		CURRENT.set(this);
		return this;
	}

	static @Nullable SessionRequestScope current() {
		return CURRENT.get();
	}

	/** @return whether this request has looked the id up already (found, absent or deleted) */
	boolean isKnown(String id) {
		return this.sessions.containsKey(id);
	}

	/** @return the session found under the id, {@code null} if absent or if its id changed since */
	@Nullable CachePlatformRedisSessionRepository.RedisSession find(String id) {
		CachePlatformRedisSessionRepository.RedisSession session = this.sessions.get(id);
		return (session != null && session.getId().equals(id)) ? session : null;
	}

	/** Records what a look-up or delete of the id left: the session, or {@code null} for none. */
	void remember(String id, CachePlatformRedisSessionRepository.@Nullable RedisSession session) {
		this.sessions.put(id, session);
	}

	/** @return {@code true} the first time this request is about to send a command to the store */
	boolean firstUseOfStore() {
		boolean first = !this.usedStore;
		this.usedStore = true;
		return first;
	}

	@Nullable SessionStoreUnavailableException failure() {
		return this.failure;
	}

	void failed(SessionStoreUnavailableException failure) {
		this.failure = failure;
	}

	/** Leaves this scope on this thread; what it remembers stays for a later {@link #enter()}. */
	@Override
	public void close() {
		if (this.outer != null) {
			CURRENT.set(this.outer);
			this.outer = null;
		}
		else {
			CURRENT.remove();
		}
	}

}

package dev.cacheplatform.session;

/**
 * Where HTTP sessions are kept. Env: SESSION_STORE.
 */
public enum SessionStore {

	/** Spring Session on the session role's Redis database or server. */
	REDIS,

	/** An in-process repository, for development and single instances. */
	MEMORY,

	/** The servlet container's own sessions; Cache Platform stays out of the way. */
	NONE

}

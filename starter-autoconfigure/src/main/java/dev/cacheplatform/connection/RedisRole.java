package dev.cacheplatform.connection;

import java.util.Locale;

/**
 * What a connection is used for. Each role gets its own endpoint (server and database) so that,
 * for example, clearing the cache can never touch sessions.
 */
public enum RedisRole {

	/** The application's own {@code RedisConnectionFactory} and templates. */
	DEFAULT,

	/** Cache entries; database 1 unless told otherwise. */
	CACHE,

	/** HTTP sessions; database 0 (the default connection's) unless told otherwise. */
	SESSION;

	/** @return the role's name in lower case, as used in log lines and client names */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}

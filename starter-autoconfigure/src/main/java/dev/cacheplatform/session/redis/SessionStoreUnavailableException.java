package dev.cacheplatform.session.redis;

import java.io.Serial;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Redis did not answer a session operation (down, unreachable, timed out). A
 * {@link DataAccessResourceFailureException}, so code that handles Spring's data access exceptions keeps
 * working; {@code SessionStoreUnavailableFilter} turns it into 503 with Retry-After. The message names the operation, never a
 * session id or attribute.
 */
public class SessionStoreUnavailableException extends DataAccessResourceFailureException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * @param operation what was attempted, such as {@code "read a session"}
	 * @param cause the Redis failure
	 */
	public SessionStoreUnavailableException(String operation, Throwable cause) {
		super("Session store unavailable: could not " + operation + " (" + cause.getClass().getSimpleName() + ")",
				cause);
	}

}

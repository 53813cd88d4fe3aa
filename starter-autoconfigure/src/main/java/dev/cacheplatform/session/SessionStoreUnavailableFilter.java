package dev.cacheplatform.session;

import java.io.IOException;
import java.time.Duration;

import dev.cacheplatform.session.redis.SessionStoreUnavailableException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 Service Unavailable, with {@code Retry-After}, when the session store cannot be reached
 * while the request is reading or saving its session, instead of a 500 or a hang. Requests that never
 * touch their session do not reach the store and are not affected. Runs outside Spring Session's filter
 * so that failures of the final save are caught too, and on error dispatches, so the error page of a 503
 * does not fail again on the same store. Failures are logged by {@link SessionFailureLog}: a line per kind
 * and minute, not a stack trace per request.
 */
public class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	/** Seconds a client is told to wait before retrying. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final SessionFailureLog failures;

	/** A filter that logs failures at most once a minute per kind. */
	public SessionStoreUnavailableFilter() {
		this(new SessionFailureLog(System::nanoTime, Duration.ofMinutes(1)));
	}

	SessionStoreUnavailableFilter(SessionFailureLog failures) {
		this.failures = failures;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			Throwable failure = sessionStoreFailure(ex);
			if (failure == null) {
				throw ex;
			}
			if (request.getDispatcherType() == DispatcherType.ERROR) {
				// The error page of the 503 itself met the store again: the status stands, the page is left out
				return;
			}
			this.failures.failed(failure);
			if (response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session store unavailable");
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	private static @Nullable Throwable sessionStoreFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionStoreUnavailableException) {
				return cause;
			}
		}
		return null;
	}

}

package dev.cacheplatform.session;

import java.io.IOException;

import dev.cacheplatform.session.redis.SessionStoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 Service Unavailable, with {@code Retry-After}, when the session store cannot be reached
 * while the request is reading or saving its session, instead of a 500 or a hang. Requests that never
 * touch their session do not reach the store and are not affected. Runs outside Spring Session's filter
 * so that failures of the final save are caught too.
 */
public class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	/** Seconds a client is told to wait before retrying. */
	static final String RETRY_AFTER_SECONDS = "5";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!isSessionStoreFailure(ex) || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session store unavailable");
		}
	}

	private static boolean isSessionStoreFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionStoreUnavailableException) {
				return true;
			}
		}
		return false;
	}

}

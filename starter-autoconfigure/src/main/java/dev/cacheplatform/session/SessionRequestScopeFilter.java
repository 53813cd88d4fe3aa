package dev.cacheplatform.session;

import java.io.IOException;

import dev.cacheplatform.session.redis.SessionRequestScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a {@link SessionRequestScope} around Spring Session's filter, so a request reads its session from
 * Redis once (Spring Session looks it up again when it commits the session a second time), and a request
 * that met a failed store fails its further session calls at once instead of waiting for more timeouts.
 * The scope lives in a request attribute and is entered again by the request's error and async
 * dispatches (Spring MVC's request-handled event looks the session up again while rendering an error page).
 */
public class SessionRequestScopeFilter extends OncePerRequestFilter {

	private static final String SCOPE = SessionRequestScopeFilter.class.getName() + ".scope";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SessionRequestScope scope;
		if (request.getAttribute(SCOPE) instanceof SessionRequestScope earlier) {
			scope = earlier.enter();
		}
		else {
			scope = SessionRequestScope.open();
			request.setAttribute(SCOPE, scope);
		}
		try (scope) {
			chain.doFilter(request, response);
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}

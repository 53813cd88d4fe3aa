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
 */
public class SessionRequestScopeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (SessionRequestScope scope = SessionRequestScope.open()) {
			chain.doFilter(request, response);
		}
	}

}

package dev.cacheplatform.sample.user;

import java.io.Serializable;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

/**
 * Who is signed in, as kept in the HTTP session: small, immutable and {@code Serializable}, so it
 * survives in Redis across restarts and deployments of the app.
 * @param username the user name
 * @param displayName the name to greet them with
 * @param companyId the company they work for
 */
public record SignedInUser(String username, String displayName, String companyId) implements Serializable {

	/** The session attribute that holds the signed-in user. */
	public static final String ATTRIBUTE = "user";

	/**
	 * @param session the current session, if any
	 * @return the user signed in to it
	 */
	public static Optional<SignedInUser> of(@Nullable HttpSession session) {
		return Optional.ofNullable((session != null) ? (SignedInUser) session.getAttribute(ATTRIBUTE) : null);
	}

}

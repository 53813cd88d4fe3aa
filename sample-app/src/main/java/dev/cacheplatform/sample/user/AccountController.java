package dev.cacheplatform.sample.user;

import dev.cacheplatform.sample.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Signing in and out, and the signed-in user's own data.
 * <ul>
 * <li>{@code POST /login} with {@code {"username": "alice"}} stores the user in the session. This is a
 * demo: there is no password. A real app signs users in with Spring Security, which keeps its
 * security context in the same session.</li>
 * <li>{@code GET /me}, {@code GET /me/preferences} (cached), {@code PUT /me/preferences} with
 * {@code {"language": "de", "dateFormat": "dd.MM.yyyy"}}: 401 unless signed in.</li>
 * <li>{@code POST /logout} ends the session.</li>
 * </ul>
 */
@RestController
class AccountController {

	private final UserPreferencesService preferences;

	AccountController(UserPreferencesService preferences) {
		this.preferences = preferences;
	}

	@PostMapping("/login")
	SignedInUser login(@RequestBody Login login, HttpServletRequest request) {
		String username = login.username();
		if (username == null || username.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "username is required");
		}
		UserPreferences found;
		try {
			found = this.preferences.preferences(username);
		}
		catch (NotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "unknown user");
		}
		SignedInUser user = new SignedInUser(found.getUsername(), found.getDisplayName(), found.getCompanyId());
		HttpSession session = request.getSession();
		// A new id at sign-in, so an id planted before it is worthless afterwards (session fixation)
		request.changeSessionId();
		session.setAttribute(SignedInUser.ATTRIBUTE, user);
		// Lets the actuator's sessions endpoint (and Spring Security) find this user's sessions
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.username());
		return user;
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/me")
	SignedInUser me(HttpServletRequest request) {
		return signedIn(request);
	}

	@GetMapping("/me/preferences")
	UserPreferences myPreferences(HttpServletRequest request) {
		return this.preferences.preferences(signedIn(request).username());
	}

	@PutMapping("/me/preferences")
	UserPreferences changePreferences(@RequestBody PreferencesChange change, HttpServletRequest request) {
		String language = change.language();
		String dateFormat = change.dateFormat();
		if (language == null || !language.matches("[a-z]{2}(-[A-Z]{2})?") || dateFormat == null
				|| dateFormat.isBlank() || dateFormat.length() > 32) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"language must be a code such as 'de' or 'en-GB', and dateFormat a pattern such as 'dd.MM.yyyy'");
		}
		return this.preferences.change(signedIn(request).username(), language, dateFormat);
	}

	private static SignedInUser signedIn(HttpServletRequest request) {
		return SignedInUser.of(request.getSession(false))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED, "sign in first: POST /login"));
	}

	record Login(@Nullable String username) {
	}

	record PreferencesChange(@Nullable String language, @Nullable String dateFormat) {
	}

}

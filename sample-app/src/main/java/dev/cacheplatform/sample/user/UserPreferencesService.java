package dev.cacheplatform.sample.user;

import dev.cacheplatform.sample.NotFoundException;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User preferences, cached per user for 24 hours ({@code cache-platform.cache.caches.user-preferences.ttl}),
 * and replaced in the cache when the user changes them.
 */
@Service
public class UserPreferencesService {

	/** The cache of preferences by user name. */
	public static final String CACHE = "user-preferences";

	private final UserPreferencesRepository repository;

	UserPreferencesService(UserPreferencesRepository repository) {
		this.repository = repository;
	}

	/**
	 * @param username the user
	 * @return their preferences; read from the database only when not cached
	 * @throws NotFoundException if there is no such user
	 */
	@Cacheable(CACHE)
	public UserPreferences preferences(String username) {
		return this.repository.findById(username).orElseThrow(() -> new NotFoundException("user " + username));
	}

	/**
	 * Stores new preferences and puts them in the cache.
	 * @param username the user
	 * @param language the language of the user interface
	 * @param dateFormat how dates are shown
	 * @return the stored preferences
	 */
	@CachePut(cacheNames = CACHE, key = "#username")
	@Transactional
	public UserPreferences change(String username, String language, String dateFormat) {
		UserPreferences preferences = this.repository.findById(username)
			.orElseThrow(() -> new NotFoundException("user " + username));
		preferences.change(language, dateFormat);
		return this.repository.saveAndFlush(preferences);
	}

}

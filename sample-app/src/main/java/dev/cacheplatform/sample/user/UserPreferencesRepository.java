package dev.cacheplatform.sample.user;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * User preferences by user name.
 */
public interface UserPreferencesRepository extends JpaRepository<UserPreferences, String> {

}

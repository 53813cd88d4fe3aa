package dev.cacheplatform.sample.company;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Company settings by company id.
 */
public interface CompanySettingsRepository extends JpaRepository<CompanySettings, String> {

}

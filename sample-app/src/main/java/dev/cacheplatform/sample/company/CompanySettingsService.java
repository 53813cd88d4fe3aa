package dev.cacheplatform.sample.company;

import java.time.Clock;

import dev.cacheplatform.sample.NotFoundException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Company settings, cached per company for 12 hours ({@code cache-platform.cache.caches.company-settings.ttl})
 * and evicted when they change, so the next read loads the new version. The cache is shared by every
 * tenant ({@code cache-platform.cache.caches.company-settings.shared}): the settings are keyed by company
 * id and the same whoever reads them, so a change made in one tenant's request is seen by all.
 */
@Service
public class CompanySettingsService {

	/** The cache of settings by company id. */
	public static final String CACHE = "company-settings";

	private final CompanySettingsRepository repository;

	private final Clock clock;

	CompanySettingsService(CompanySettingsRepository repository, ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * @param companyId the company
	 * @return its settings; read from the database only when not cached
	 * @throws NotFoundException if there is no such company
	 */
	@Cacheable(CACHE)
	public CompanySettings settings(String companyId) {
		return this.repository.findById(companyId).orElseThrow(() -> new NotFoundException("company " + companyId));
	}

	/**
	 * Changes a company's settings and evicts them from the cache, for every tenant, before returning.
	 * @param companyId the company
	 * @param currency the new invoice currency
	 * @param paymentTermsDays the new payment terms
	 * @return the stored settings
	 */
	@CacheEvict(cacheNames = CACHE, key = "#companyId")
	@Transactional
	public CompanySettings change(String companyId, String currency, int paymentTermsDays) {
		CompanySettings settings = this.repository.findById(companyId)
			.orElseThrow(() -> new NotFoundException("company " + companyId));
		settings.change(currency, paymentTermsDays, this.clock.instant());
		return this.repository.saveAndFlush(settings);
	}

}

package dev.cacheplatform.sample.company;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /companies/acme/settings} (cached) and {@code PUT /companies/acme/settings} with
 * {@code {"currency": "EUR", "paymentTermsDays": 30}} (stored, then evicted from the cache).
 */
@RestController
class CompanySettingsController {

	private final CompanySettingsService companies;

	CompanySettingsController(CompanySettingsService companies) {
		this.companies = companies;
	}

	@GetMapping("/companies/{companyId}/settings")
	CompanySettings settings(@PathVariable String companyId) {
		return this.companies.settings(companyId);
	}

	@PutMapping("/companies/{companyId}/settings")
	CompanySettings change(@PathVariable String companyId, @RequestBody SettingsChange change) {
		String currency = change.currency();
		Integer terms = change.paymentTermsDays();
		if (currency == null || !currency.matches("[A-Za-z]{3}") || terms == null || terms < 0 || terms > 365) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"currency must be a 3-letter code and paymentTermsDays a number from 0 to 365");
		}
		return this.companies.change(companyId, currency.toUpperCase(Locale.ROOT), terms);
	}

	record SettingsChange(@Nullable String currency, @Nullable Integer paymentTermsDays) {
	}

}

package dev.cacheplatform.sample.rates;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Exchange rates by currency pair.
 */
public interface ExchangeRateRepository extends JpaRepository<ExchangeRate, String> {

}

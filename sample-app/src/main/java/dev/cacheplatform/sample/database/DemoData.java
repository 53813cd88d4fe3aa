package dev.cacheplatform.sample.database;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cacheplatform.sample.catalogue.Product;
import dev.cacheplatform.sample.catalogue.ProductRepository;
import dev.cacheplatform.sample.company.CompanySettings;
import dev.cacheplatform.sample.company.CompanySettings.TaxRate;
import dev.cacheplatform.sample.company.CompanySettingsRepository;
import dev.cacheplatform.sample.rates.ExchangeRate;
import dev.cacheplatform.sample.rates.ExchangeRateRepository;
import dev.cacheplatform.sample.user.UserPreferences;
import dev.cacheplatform.sample.user.UserPreferencesRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fills the embedded database at startup, before the app reports itself ready: two companies, three
 * users, a small catalogue and the exchange rates between six currencies. Every instance seeds the
 * same rows, so entries a previous instance left in a shared Redis stay correct.
 */
@Component
class DemoData implements ApplicationRunner {

	private static final Instant AS_OF = Instant.parse("2025-01-09T16:00:00Z");

	/** Units of each currency that one US dollar buys. */
	private static final Map<String, BigDecimal> PER_USD = new LinkedHashMap<>();

	static {
		PER_USD.put("USD", new BigDecimal("1"));
		PER_USD.put("EUR", new BigDecimal("0.9710"));
		PER_USD.put("GBP", new BigDecimal("0.8120"));
		PER_USD.put("JPY", new BigDecimal("158.10"));
		PER_USD.put("CHF", new BigDecimal("0.9120"));
		PER_USD.put("CAD", new BigDecimal("1.4380"));
	}

	private final CompanySettingsRepository companies;

	private final UserPreferencesRepository users;

	private final ProductRepository products;

	private final ExchangeRateRepository rates;

	DemoData(CompanySettingsRepository companies, UserPreferencesRepository users, ProductRepository products,
			ExchangeRateRepository rates) {
		this.companies = companies;
		this.users = users;
		this.products = products;
		this.rates = rates;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		this.companies.saveAll(List.of(
				new CompanySettings("acme", "Acme GmbH", "EUR", "Europe/Berlin", 14, "RE-{yyyy}-{counter:5}",
						List.of(new TaxRate("USt.", new BigDecimal("19.00"))), AS_OF),
				new CompanySettings("globex", "Globex Ltd", "GBP", "Europe/London", 30, "INV-{counter:6}",
						List.of(new TaxRate("VAT", new BigDecimal("20.00"))), AS_OF)));
		this.users.saveAll(List.of(
				new UserPreferences("alice", "Alice Adler", "acme", "de", "dd.MM.yyyy",
						List.of("outstanding-invoices", "cash-flow", "recent-payments")),
				new UserPreferences("bob", "Bob Berger", "acme", "en", "yyyy-MM-dd", List.of("recent-payments")),
				new UserPreferences("carol", "Carol Clarke", "globex", "en-GB", "dd/MM/yyyy",
						List.of("cash-flow", "expenses"))));
		this.products.saveAll(List.of(
				product("NB-13", "Notebook 13\"", "A light notebook for invoicing on the road.", Set.of("hardware", "laptop"),
						"1299.00", "1249.00"),
				product("MON-27", "Monitor 27\"", "A 4K monitor with a USB-C hub.", Set.of("hardware", "display", "sale"),
						"449.00", "429.00"),
				product("KB-DE", "Keyboard (German layout)", "A quiet mechanical keyboard.", Set.of("hardware", "accessory"),
						"89.00", "85.00"),
				product("SUP-1Y", "Support, one year", "Email and phone support on working days.", Set.of("service"),
						"240.00", null),
				product("TPL-PRO", "Invoice templates Pro", "Twenty invoice designs.", Set.of("software", "sale"), "29.00",
						"27.00")));
		List<ExchangeRate> pairs = new ArrayList<>();
		PER_USD.forEach((from, fromPerUsd) -> PER_USD.forEach((to, toPerUsd) -> {
			if (!from.equals(to)) {
				BigDecimal rate = toPerUsd.divide(fromPerUsd, 6, RoundingMode.HALF_UP);
				pairs.add(new ExchangeRate(from + "-" + to, rate, AS_OF, "ECB reference"));
			}
		}));
		this.rates.saveAll(pairs);
	}

	private static Product product(String sku, String name, String description, Set<String> tags, String usd,
			@Nullable String eur) {
		List<Product.Price> prices = new ArrayList<>();
		prices.add(new Product.Price("USD", new BigDecimal(usd)));
		if (eur != null) {
			prices.add(new Product.Price("EUR", new BigDecimal(eur)));
		}
		return new Product(sku, name, description, tags, prices);
	}

}

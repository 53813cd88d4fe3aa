package dev.cacheplatform.sample;

import java.net.http.HttpResponse;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.sample.database.DatabaseLatency;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's default: no settings, memory cache and sessions, the whole service over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,metrics,caches")
class SampleApplicationMemoryTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	CacheManager cacheManager;

	@Autowired
	DatabaseLatency database;

	private SampleClient browser;

	@BeforeEach
	void browser() {
		this.browser = SampleClient.on(this.port);
	}

	@Test
	void runsOnTheMemoryDriverWithoutRedis() {
		assertThat(this.cacheManager).isInstanceOf(CachePlatformCacheManager.class);
		assertThat(((CachePlatformCacheManager) this.cacheManager).getProvider()).isInstanceOf(MemoryCacheProvider.class);
	}

	@Test
	void secondRequestForTheSameRateIsServedFromTheCache() {
		long before = this.database.reads("ExchangeRateRepository");
		HttpResponse<String> first = this.browser.get("/rates/EUR-USD");
		HttpResponse<String> second = this.browser.get("/rates/eur-usd");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).contains("\"pair\":\"EUR-USD\"", "\"rate\":1.029866");
		assertThat(this.database.reads("ExchangeRateRepository") - before).isEqualTo(1);
	}

	@Test
	void productWithTagsAndPricesComesBackFromTheCacheUnchanged() {
		long before = this.database.reads("ProductRepository");
		String first = this.browser.get("/products/MON-27").body();
		String second = this.browser.get("/products/MON-27").body();
		assertThat(second).isEqualTo(first);
		assertThat(first).contains("\"tags\":[\"display\",\"hardware\",\"sale\"]",
				"\"prices\":[{\"currency\":\"EUR\",\"amount\":429.00},{\"currency\":\"USD\",\"amount\":449.00}]",
				"\"onSale\":true");
		assertThat(this.database.reads("ProductRepository") - before).isEqualTo(1);
	}

	@Test
	void unknownRecordsAnswer404AndAreNotCached() {
		long before = this.database.reads("ExchangeRateRepository");
		assertThat(this.browser.get("/rates/EUR-XYZ").statusCode()).isEqualTo(404);
		assertThat(this.browser.get("/rates/EUR-XYZ").statusCode()).isEqualTo(404);
		assertThat(this.browser.get("/products/NOPE").statusCode()).isEqualTo(404);
		assertThat(this.database.reads("ExchangeRateRepository") - before).isEqualTo(2);
	}

	@Test
	void changedCompanySettingsAreEvictedSoTheNextReadSeesThem() {
		assertThat(this.browser.get("/companies/globex/settings").body()).contains("\"currency\":\"GBP\"");
		HttpResponse<String> changed = this.browser.put("/companies/globex/settings",
				"{\"currency\":\"eur\",\"paymentTermsDays\":45}");
		assertThat(changed.statusCode()).isEqualTo(200);
		long before = this.database.reads("CompanySettingsRepository");
		String after = this.browser.get("/companies/globex/settings").body();
		assertThat(after).contains("\"currency\":\"EUR\"", "\"paymentTermsDays\":45");
		assertThat(this.browser.get("/companies/globex/settings").body()).isEqualTo(after);
		assertThat(this.database.reads("CompanySettingsRepository") - before).isEqualTo(1);
		assertThat(this.browser.put("/companies/globex/settings", "{\"currency\":\"euro\"}").statusCode()).isEqualTo(400);
	}

	@Test
	void publishedRateIsPutInTheCacheSoReadersNeedNoDatabaseRead() {
		this.browser.get("/rates/CAD-JPY");
		HttpResponse<String> published = this.browser.put("/rates/CAD-JPY", "{\"rate\":110.25}");
		assertThat(published.statusCode()).isEqualTo(200);
		long before = this.database.reads("ExchangeRateRepository");
		assertThat(this.browser.get("/rates/CAD-JPY").body()).isEqualTo(published.body()).contains("\"rate\":110.25",
				"\"source\":\"manual\"");
		assertThat(this.database.reads("ExchangeRateRepository")).isEqualTo(before);
		assertThat(this.browser.put("/rates/CAD-JPY", "{\"rate\":-1}").statusCode()).isEqualTo(400);
	}

	@Test
	void signedInUserFillsACartPricedInTheCompanysCurrencyAndSignsOut() {
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(401);
		assertThat(this.browser.login("alice").body())
			.isEqualTo("{\"username\":\"alice\",\"displayName\":\"Alice Adler\",\"companyId\":\"acme\"}");
		assertThat(this.browser.get("/me/preferences").body()).contains("\"language\":\"de\"");
		this.browser.post("/cart/items", "{\"sku\":\"NB-13\",\"quantity\":2}");
		HttpResponse<String> cart = this.browser.post("/cart/items", "{\"sku\":\"SUP-1Y\"}");
		// SUP-1Y has no EUR list price: 240.00 USD at the seeded USD-EUR rate 0.971
		assertThat(cart.body()).isEqualTo("{\"currency\":\"EUR\",\"lines\":["
				+ "{\"sku\":\"NB-13\",\"name\":\"Notebook 13\\\"\",\"quantity\":2,\"unitPrice\":1249.00},"
				+ "{\"sku\":\"SUP-1Y\",\"name\":\"Support, one year\",\"quantity\":1,\"unitPrice\":233.04}],"
				+ "\"total\":2731.04}");
		assertThat(this.browser.delete("/cart/items/NB-13").body()).contains("\"total\":233.04");
		assertThat(this.browser.get("/cart").body()).contains("SUP-1Y").doesNotContain("NB-13");
		assertThat(this.browser.post("/logout").statusCode()).isEqualTo(204);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(401);
		assertThat(this.browser.get("/cart").body()).isEqualTo("{\"currency\":\"USD\",\"lines\":[],\"total\":0}");
	}

	@Test
	void changedPreferencesArePutInTheCacheSoTheNextReadNeedsNoDatabaseRead() {
		assertThat(this.browser.put("/me/preferences", "{\"language\":\"fr\",\"dateFormat\":\"dd/MM/yyyy\"}")
			.statusCode()).isEqualTo(401);
		this.browser.login("carol");
		HttpResponse<String> changed = this.browser.put("/me/preferences",
				"{\"language\":\"fr\",\"dateFormat\":\"dd/MM/yyyy\"}");
		assertThat(changed.statusCode()).isEqualTo(200);
		long before = this.database.reads("UserPreferencesRepository");
		assertThat(this.browser.get("/me/preferences").body()).isEqualTo(changed.body())
			.contains("\"language\":\"fr\"", "\"dashboardWidgets\":[\"cash-flow\",\"expenses\"]");
		assertThat(this.database.reads("UserPreferencesRepository")).isEqualTo(before);
		assertThat(this.browser.put("/me/preferences", "{\"language\":\"French\",\"dateFormat\":\"x\"}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void unknownUserCannotSignIn() {
		assertThat(this.browser.login("mallory").statusCode()).isEqualTo(401);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(401);
	}

	@Test
	void healthIsUpWithoutRedisAndTheActuatorListsTheCaches() {
		SampleClient operator = SampleClient.on(this.managementPort);
		HttpResponse<String> health = operator.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(operator.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		this.browser.get("/companies/acme/settings");
		this.browser.get("/rates/USD-EUR");
		assertThat(operator.get("/actuator/caches").body()).contains("\"company-settings\"", "\"rates\"");
	}

}

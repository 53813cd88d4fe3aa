package dev.cacheplatform.sample.e2e;

import java.util.Map;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged app with a cache Redis ({@code CACHE_REDIS_URL}) and a persistent, password-protected
 * session Redis ({@code SESSION_REDIS_URL}), as the hosting seed runs them.
 */
class TwoServersIT {

	static final String SESSION_PASSWORD = "s3ssion-Pa55word";

	static RedisServer cacheRedis;

	static RedisServer sessionRedis;

	@RegisterExtension
	final SampleApps apps = new SampleApps();

	@BeforeAll
	static void startRedis() {
		cacheRedis = RedisServer.builder().start();
		sessionRedis = RedisServer.builder().password(SESSION_PASSWORD).persistence().start();
	}

	@AfterAll
	static void stopRedis() {
		cacheRedis.close();
		sessionRedis.close();
	}

	@Test
	void signedInSessionAndCartSurviveARestartOfTheAppAndEveryCacheClear() {
		SampleAppProcess app = this.apps.start("two-servers",
				Map.of("CACHE_REDIS_URL", cacheRedis.url(), "SESSION_REDIS_URL", sessionRedis.url()));
		SampleClient browser = app.browser().tenant("globex");
		// Both role servers up and no REDIS_URL: nothing probes the localhost:6379 nobody configured
		SampleClient probe = SampleClient.on(app.managementPort());
		assertThat(probe.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(probe.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(browser.login("carol").statusCode()).isEqualTo(200);
		browser.post("/cart/items", "{\"sku\":\"NB-13\",\"quantity\":2}");
		String cart = browser.post("/cart/items", "{\"sku\":\"TPL-PRO\"}").body();
		assertThat(cart).startsWith("{\"currency\":\"GBP\"").contains("\"sku\":\"NB-13\"", "\"sku\":\"TPL-PRO\"");
		assertThat(sessionRedis.keys(0)).anyMatch((key) -> key.startsWith("session:sessions:"));
		assertThat(cacheRedis.keys(0)).isEmpty();

		app.kill();
		app.start();

		assertThat(browser.get("/me").body()).isEqualTo(
				"{\"username\":\"carol\",\"displayName\":\"Carol Clarke\",\"companyId\":\"globex\"}");
		assertThat(browser.get("/cart").body()).isEqualTo(cart);

		browser.get("/rates/GBP-EUR");
		browser.get("/companies/globex/settings");
		assertThat(cacheRedis.keys(1)).contains("globex:rates::GBP-EUR", "company-settings::globex");
		// The actuator clears the caches of the request's tenant; no header, no tenant
		assertThat(browser.tenant(null).get("/products/KB-DE").statusCode()).isEqualTo(200);
		assertThat(cacheRedis.keys(1)).contains("products::KB-DE");
		SampleClient operator = SampleClient.on(app.managementPort());
		assertThat(browser.tenant(null).delete("/actuator/caches").statusCode()).as("not on the public port")
			.isIn(404, 405);
		assertThat(operator.delete("/actuator/caches").statusCode()).isEqualTo(200);
		assertThat(cacheRedis.keys(1)).isEmpty();

		assertThat(browser.get("/me").body()).contains("\"username\":\"carol\"");
		assertThat(browser.get("/cart").body()).isEqualTo(cart);
		assertThat(sessionRedis.keys(0)).anyMatch((key) -> key.startsWith("session:sessions:"));

		assertThat(app.log()).contains("Cache Platform session: store=redis", "password=****")
			.doesNotContain(SESSION_PASSWORD);
	}

}

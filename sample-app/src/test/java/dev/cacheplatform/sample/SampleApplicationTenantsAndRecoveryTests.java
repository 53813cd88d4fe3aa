package dev.cacheplatform.sample;

import java.net.http.HttpResponse;

import dev.cacheplatform.sample.database.DatabaseLatency;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on its own real Redis, over real HTTP: shared data is shared between tenants and
 * tenant-owned data is not; clearing the caches while the cache Redis is frozen answers with what it did
 * and takes effect once Redis is back; bad tenant ids are refused with a 400 and a bounded log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,metrics,caches")
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTenantsAndRecoveryTests {

	static final RedisServer server = RedisServer.builder().start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("cache-platform.redis.url", server::url);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	DatabaseLatency database;

	@Autowired
	CacheManager cacheManager;

	private SampleClient browser;

	@BeforeEach
	void browser() {
		this.browser = SampleClient.on(this.port);
		this.cacheManager.getCache("warm-up").get("connection");
	}

	@Test
	void companySettingsChangedByOneTenantAreSeenByEveryTenant() {
		SampleClient acme = this.browser.tenant("acme");
		SampleClient globex = this.browser.tenant("globex");
		long before = this.database.reads("CompanySettingsRepository");
		assertThat(globex.get("/companies/acme/settings").body()).contains("\"companyId\":\"acme\"");
		assertThat(acme.get("/companies/acme/settings").statusCode()).isEqualTo(200);
		assertThat(this.database.reads("CompanySettingsRepository") - before).isEqualTo(1);
		assertThat(server.keys(1)).contains("company-settings::acme")
			.noneMatch((key) -> key.endsWith(":company-settings::acme"));

		HttpResponse<String> changed = acme.put("/companies/acme/settings",
				"{\"currency\":\"CHF\",\"paymentTermsDays\":21}");
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(globex.get("/companies/acme/settings").body()).contains("\"currency\":\"CHF\"",
				"\"paymentTermsDays\":21");
		assertThat(this.browser.get("/companies/acme/settings").body()).contains("\"currency\":\"CHF\"");
	}

	@Test
	void tenantOwnedDataStaysScopedByTenant() {
		this.browser.tenant("acme").get("/rates/JPY-USD");
		this.browser.tenant("globex").get("/rates/JPY-USD");
		assertThat(server.keys(1)).contains("acme:rates::JPY-USD", "globex:rates::JPY-USD");
	}

	@Test
	void clearingTheCachesWhileRedisIsFrozenAnswersWhatItDidAndTakesEffectOnceRedisIsBack() {
		SampleClient acme = this.browser.tenant("acme");
		assertThat(acme.get("/rates/CAD-USD").statusCode()).isEqualTo(200);
		assertThat(server.keys(1)).contains("acme:rates::CAD-USD");
		HttpResponse<String> cleared;
		server.pause();
		try {
			cleared = SampleClient.on(this.managementPort).delete("/actuator/caches");
		}
		finally {
			server.resume();
		}
		assertThat(cleared.statusCode()).isEqualTo(200);
		assertThat(cleared.body()).contains("{\"name\":\"rates\",\"cacheManager\":\"cacheManager\",\"outcome\":\"PENDING\"}");
		long before = this.database.reads("ExchangeRateRepository");
		assertThat(acme.get("/rates/CAD-USD").statusCode()).isEqualTo(200);
		assertThat(this.database.reads("ExchangeRateRepository") - before).isEqualTo(1);
		assertThat(SampleClient.on(this.managementPort).delete("/actuator/caches/rates").body())
			.isEqualTo("{\"caches\":[{\"name\":\"rates\",\"cacheManager\":\"cacheManager\",\"outcome\":\"CLEARED\"}]}");
		assertThat(server.keys(1)).noneMatch((key) -> key.contains("rates::"));
	}

	@Test
	void invalidTenantIdsGetA400AndOneLogLine(CapturedOutput output) {
		for (String tenant : new String[] { "acme*", "a:b", "x".repeat(65), "[x]", "acme corp" }) {
			assertThat(this.browser.tenant(tenant).get("/rates/CHF-EUR").statusCode()).as(tenant).isEqualTo(400);
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Rejected a tenant id from header X-Tenant-ID")))
			.singleElement()
			.asString()
			.contains("Invalid tenant id 'acme*'");
	}

}

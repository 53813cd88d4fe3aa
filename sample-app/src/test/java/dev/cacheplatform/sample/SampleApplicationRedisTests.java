package dev.cacheplatform.sample;

import java.time.Duration;
import java.util.List;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.sample.catalogue.CatalogueService;
import dev.cacheplatform.sample.catalogue.Product;
import dev.cacheplatform.sample.database.DatabaseLatency;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sample app on Redis, with tenants from the X-Tenant-ID header its application.yml names, over
 * real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationRedisTests {

	static final RedisServer server = RedisServer.builder().start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("cache-platform.redis.url", server::url);
		registry.add("cache-platform.cache.prefix", () -> "sample:");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	DatabaseLatency database;

	@Autowired
	CatalogueService catalogue;

	private SampleClient browser;

	@Autowired
	CacheManager cacheManager;

	@BeforeEach
	void browser() {
		this.browser = SampleClient.on(this.port);
		// The first command opens the connection, which on a loaded machine can outlast the short
		// connect timeout and count as a miss; tests that count commands start after it
		this.cacheManager.getCache("warm-up").get("connection");
	}

	@Test
	void eachTenantGetsItsOwnEntry() {
		long before = this.database.reads("ExchangeRateRepository");
		assertThat(this.browser.tenant("acme").get("/rates/GBP-USD").statusCode()).isEqualTo(200);
		assertThat(this.browser.tenant("acme").get("/rates/GBP-USD").statusCode()).isEqualTo(200);
		assertThat(this.browser.tenant("globex").get("/rates/GBP-USD").statusCode()).isEqualTo(200);
		assertThat(this.browser.get("/rates/GBP-USD").statusCode()).isEqualTo(200);
		assertThat(this.database.reads("ExchangeRateRepository") - before).isEqualTo(3);
		assertThat(server.keys(1)).contains("sample:acme:rates::GBP-USD", "sample:globex:rates::GBP-USD",
				"sample:rates::GBP-USD");
	}

	@Test
	void invalidTenantHeaderIsRejectedAndNeverReachesRedis() {
		server.resetStats();
		long before = this.database.reads("ExchangeRateRepository");
		for (String tenant : new String[] { "acme*", "a:b", "x".repeat(65), "[x]" }) {
			assertThat(this.browser.tenant(tenant).get("/rates/JPY-USD").statusCode()).as(tenant).isEqualTo(400);
		}
		assertThat(this.database.reads("ExchangeRateRepository")).isEqualTo(before);
		assertThat(server.commandStats()).doesNotContainKeys("get", "getrange", "set", "scan");
	}

	@Test
	void asyncWorkStaysInTheRequestsTenant() {
		assertThat(this.browser.tenant("initech").post("/rates/CHF-USD/warm").statusCode()).isEqualTo(200);
		assertThat(server.keys(1)).contains("sample:initech:rates::CHF-USD");
		long before = this.database.reads("ExchangeRateRepository");
		assertThat(this.browser.tenant("initech").get("/rates/CHF-USD").statusCode()).isEqualTo(200);
		assertThat(this.database.reads("ExchangeRateRepository")).isEqualTo(before);
	}

	@Test
	void eachCacheKeepsTheTtlItsApplicationYmlGivesIt() {
		SampleClient umbrella = this.browser.tenant("umbrella");
		umbrella.get("/rates/USD-CAD");
		umbrella.get("/companies/acme/settings");
		umbrella.login("bob");
		umbrella.get("/products/KB-DE");
		umbrella.get("/products");
		try (RespClient client = server.client(1)) {
			assertTtl(client, "sample:umbrella:rates::USD-CAD", Duration.ofHours(6));
			assertTtl(client, "sample:company-settings::acme", Duration.ofHours(12));
			assertTtl(client, "sample:umbrella:user-preferences::bob", Duration.ofHours(24));
			assertTtl(client, "sample:umbrella:products::KB-DE", Duration.ofHours(1));
			assertTtl(client, "sample:umbrella:catalogue::all", Duration.ofHours(1));
		}
	}

	@Test
	void entitiesWithHibernateCollectionsComeBackFromRedisEqualToWhatWasLoaded() {
		server.resetStats();
		long before = this.database.reads("ProductRepository");
		Product loaded = this.catalogue.product("TPL-PRO");
		Product cached = this.catalogue.product("TPL-PRO");
		assertThat(cached).isNotSameAs(loaded).isEqualTo(loaded);
		assertThat(cached.getTags()).containsExactly("sale", "software");
		assertThat(cached.getPrices()).isEqualTo(loaded.getPrices()).hasSize(2);
		assertThat(cached.isOnSale()).isTrue();
		List<Product> catalogue = this.catalogue.catalogue();
		assertThat(this.catalogue.catalogue()).isEqualTo(catalogue).hasSize(5);
		assertThat(this.browser.get("/products/TPL-PRO").body()).contains("\"tags\":[\"sale\",\"software\"]");
		assertThat(this.database.reads("ProductRepository") - before).isEqualTo(2);
		assertThat(server.commandStats()).containsEntry("set", 2L).doesNotContainKeys("del", "unlink");
	}

	@Test
	void catalogueListsEachPriceOnceFromTheDatabaseAndFromTheCache() {
		((CachePlatformCacheManager) this.cacheManager).clearAllTenants("catalogue");
		String loaded = this.browser.get("/products").body();
		String cached = this.browser.get("/products").body();
		assertThat(cached).isEqualTo(loaded);
		// The same prices as the product's own page: one per currency, however many tags it has
		assertThat(loaded).contains(
				"\"prices\":[{\"currency\":\"EUR\",\"amount\":429.00},{\"currency\":\"USD\",\"amount\":449.00}]",
				"\"prices\":[{\"currency\":\"EUR\",\"amount\":85.00},{\"currency\":\"USD\",\"amount\":89.00}]");
	}

	private static void assertTtl(RespClient client, String key, Duration ttl) {
		assertThat(client.pttl(key)).as(key).isCloseTo(ttl.toMillis(), within(Duration.ofMinutes(1).toMillis()))
			.isLessThanOrEqualTo(ttl.toMillis());
	}

}

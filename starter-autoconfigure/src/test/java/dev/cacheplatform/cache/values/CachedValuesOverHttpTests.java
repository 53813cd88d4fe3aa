package dev.cacheplatform.cache.values;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.cache.values.partner.PartnerOffer;
import dev.cacheplatform.cache.values.shop.LiveQuote;
import dev.cacheplatform.cache.values.shop.Money;
import dev.cacheplatform.cache.values.shop.PurchaseOrder;
import dev.cacheplatform.cache.values.shop.PurchaseOrderRepository;
import dev.cacheplatform.cache.values.shop.ShopApplication;
import dev.cacheplatform.cache.values.shop.ShopService;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.Cache;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop over real HTTP, on a random port, with a real Redis: values no codec can store, types the
 * allow-list refuses and entries left in the cache database by stock Spring Boot (JDK bytes, as a
 * rolling deploy from stock leaves them) never fail a request.
 */
@ExtendWith(OutputCaptureExtension.class)
class CachedValuesOverHttpTests {

	private static final String ALLOWED_PACKAGES = "cache-platform.cache.serialization.allowed-packages";

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext shop;

	@BeforeAll
	static void startShop() {
		shop = ShopApplication.start(Map.of("REDIS_URL", server.url(), "SESSION_STORE", "none"));
	}

	@AfterAll
	static void stopShop() {
		shop.close();
	}

	@Test
	void valueNoCodecCanStoreIsServedUncachedCountedAndWarnedOnce(CapturedOutput output) throws Exception {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = get("/quotes/espresso");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"price\":3.20", "\"product\":\"espresso\"");
		}
		assertThat(shop.getBean(ShopService.class).loads("quote")).isEqualTo(5);
		assertThat(counters().count(Kind.NOT_STORABLE, "quote")).isEqualTo(5);
		assertThat(server.keys(1)).noneMatch((key) -> key.startsWith("quote::"));
		List<String> warnings = warningsNaming(output, LiveQuote.class.getName());
		assertThat(warnings).singleElement()
			.asString()
			.contains("Cannot cache a value of type " + LiveQuote.class.getName(), "$$Lambda",
					"keep it out of cached values");
	}

	@Test
	void refusedTypeIsWarnedOnceNamingThePropertyWhetherWrittenOrReadAndEveryRequestSucceeds(CapturedOutput output)
			throws Exception {
		stockSpringPut("offer", "STOCK", new PartnerOffer("STOCK", new BigDecimal("9.99")));
		HttpResponse<String> fromStockEntry = get("/offers/STOCK");
		assertThat(fromStockEntry.statusCode()).isEqualTo(200);
		// The stock entry was refused, so the method ran and answered
		assertThat(fromStockEntry.body()).contains("\"discount\":5.00");
		assertThat(counters().count(Kind.UNREADABLE, "offer")).isOne();
		assertThat(server.keys(1)).doesNotContain("offer::STOCK");
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = get("/offers/SPRING");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"code\":\"SPRING\"");
		}
		assertThat(shop.getBean(ShopService.class).loads("offer")).isEqualTo(6);
		assertThat(counters().count(Kind.NOT_STORABLE, "offer")).isEqualTo(6);
		// Once per type with the fix, plus the bad-entry line (once per cache and reason per interval)
		assertThat(warningsNaming(output, PartnerOffer.class.getName()))
			.filteredOn((line) -> line.contains("logged once per type"))
			.singleElement()
			.asString()
			.contains(ALLOWED_PACKAGES);
		assertThat(warningsNaming(output, PartnerOffer.class.getName()))
			.filteredOn((line) -> line.contains("REFUSED_TYPE entry in cache 'offer'"))
			.singleElement()
			.asString()
			.contains(ALLOWED_PACKAGES);
	}

	@Test
	void stockSpringEntriesOfAllowedTypesAreReadAsHits() throws Exception {
		stockSpringPut("money", "CHF", new Money(new BigDecimal("7.00"), Currency.getInstance("CHF")));
		HttpResponse<String> money = get("/money/CHF");
		assertThat(money.statusCode()).isEqualTo(200);
		assertThat(money.body()).contains("\"amount\":7.00");
		TransactionTemplate transaction = shop.getBean(TransactionTemplate.class);
		PurchaseOrder order = transaction.execute((status) -> {
			PurchaseOrder loaded = shop.getBean(PurchaseOrderRepository.class).findById(1L).orElseThrow();
			loaded.getLines();
			loaded.getNotes();
			return loaded;
		});
		stockSpringPut("order", "1", order);
		server.resetStats();
		HttpResponse<String> fromStock = get("/orders/1");
		assertThat(fromStock.statusCode()).isEqualTo(200);
		assertThat(fromStock.body()).contains("\"customer\":\"Ada Lovelace\"", "2 x Espresso cup",
				"1 x Ethiopia Guji", "\"total\":29.90");
		ShopService service = shop.getBean(ShopService.class);
		assertThat(service.loads("money")).isZero();
		assertThat(service.loads("order")).isZero();
		assertThat(server.commandStats()).containsEntry("getrange", 1L).doesNotContainKeys("set", "del", "unlink");
		assertThat(counters().count(Kind.UNREADABLE)).isZero();
	}

	/** Writes an entry the way an instance still running stock Spring Boot (JDK bytes) does. */
	private static void stockSpringPut(String cacheName, Object key, Object value) {
		LettuceConnectionFactory stock = new LettuceConnectionFactory(server.host(), server.port());
		stock.setDatabase(1);
		stock.afterPropertiesSet();
		stock.start();
		try {
			Cache cache = RedisCacheManager.create(stock).getCache(cacheName);
			assertThat(cache).isNotNull();
			cache.put(key, value);
		}
		finally {
			stock.destroy();
		}
	}

	private static CacheFaultCounters counters() {
		return shop.getBean(CacheFaultCounters.class);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) shop).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> warningsNaming(CapturedOutput output, String type) {
		return output.getOut().lines().filter((line) -> line.contains(" WARN ") && line.contains(type)).toList();
	}

}

package dev.cacheplatform.migration;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An application written for stock Spring Boot ({@code spring.cache.*} and {@code spring.session.*} in its
 * configuration, unedited) that adds the starter and a Redis location: over real HTTP, its caches and sessions
 * keep the settings it had.
 */
class StockSettingsApplicationTests {

	static final RedisServer redis = RedisServer.builder().start();

	static ConfigurableApplicationContext context;

	static int port;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(StockApplication.class)
			.properties("server.port=0", "cache-platform.redis.url=" + redis.url(),
					"spring.cache.cache-names=quotes", "spring.cache.redis.time-to-live=10m",
					"spring.cache.redis.key-prefix=shop:", "spring.cache.redis.cache-null-values=false",
					"spring.session.timeout=20m", "spring.session.data.redis.namespace=shop:sessions",
					"spring.session.data.redis.flush-mode=on-save", "spring.session.data.redis.save-mode=on-set-attribute",
					"cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.migration")
			.run();
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		redis.close();
	}

	@Test
	void cachedEndpointKeepsTheStockTtlAndKeyPrefix() throws Exception {
		HttpClient browser = browser();
		assertThat(get(browser, "/quotes/ACME").body()).isEqualTo("quote-ACME");
		assertThat(get(browser, "/quotes/ACME").body()).isEqualTo("quote-ACME");
		assertThat(context.getBean(QuoteService.class).loads()).hasValue(1);
		assertThat(context.getBean(CacheManager.class)).isInstanceOf(CachePlatformCacheManager.class);
		try (RespClient client = redis.client(1)) {
			assertThat(client.pttl("shop:quotes::ACME")).isCloseTo(Duration.ofMinutes(10).toMillis(), within(5_000L));
		}
	}

	@Test
	void sessionKeepsTheStockTimeoutAndNamespace() throws Exception {
		HttpClient browser = browser();
		assertThat(post(browser, "/visits").body()).isEqualTo("1");
		assertThat(post(browser, "/visits").body()).isEqualTo("2");
		assertThat(get(browser, "/visits").body()).isEqualTo("2");
		assertThat(context.getBean(SessionRepository.class).getClass().getName()).contains("CachePlatform");
		String key = redis.keys(0)
			.stream()
			.filter((candidate) -> candidate.startsWith("shop:sessions:sessions:"))
			.findFirst()
			.orElseThrow();
		try (RespClient client = redis.client(0)) {
			assertThat(client.pttl(key)).isCloseTo(Duration.ofMinutes(20).toMillis(), within(5_000L));
		}
		assertThat(get(browser(), "/visits").body()).isEqualTo("0");
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
	}

	private static HttpResponse<String> get(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	@SpringBootApplication
	@Import({ QuoteService.class, StockController.class })
	static class StockApplication {

	}

	@Service
	static class QuoteService {

		private final AtomicInteger loads = new AtomicInteger();

		public AtomicInteger loads() {
			return this.loads;
		}

		@Cacheable("quotes")
		public String quote(String symbol) {
			this.loads.incrementAndGet();
			return "quote-" + symbol;
		}

	}

	@RestController
	static class StockController {

		private final QuoteService quotes;

		StockController(QuoteService quotes) {
			this.quotes = quotes;
		}

		@GetMapping("/quotes/{symbol}")
		String quote(@PathVariable String symbol) {
			return this.quotes.quote(symbol);
		}

		@PostMapping("/visits")
		String visit(HttpSession session) {
			Integer visits = (Integer) session.getAttribute("visits");
			int next = (visits != null) ? visits + 1 : 1;
			session.setAttribute("visits", next);
			return String.valueOf(next);
		}

		@GetMapping("/visits")
		String visits(HttpSession session) {
			Integer visits = (Integer) session.getAttribute("visits");
			return String.valueOf((visits != null) ? visits : 0);
		}

	}

}

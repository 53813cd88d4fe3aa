package dev.cacheplatform.cache.redis;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored bytes per entry against stock Spring Data Redis's default cache (JDK serialization), measured
 * by the server itself with STRLEN and MEMORY USAGE on the same values.
 */
class BytesPerEntryTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	@Test
	void oursStoresFewerBytesThanStockSpringForATypicalEntityAndAPage() {
		Invoice invoice = invoice(1);
		List<Invoice> page = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			page.add(invoice(i));
		}
		LettuceConnectionFactory stockFactory = new LettuceConnectionFactory(server.host(), server.port());
		stockFactory.setDatabase(2);
		stockFactory.afterPropertiesSet();
		stockFactory.start();
		try {
			Cache stock = RedisCacheManager.create(stockFactory).getCache("invoices");
			stock.put("one", invoice);
			stock.put("page", page);
		}
		finally {
			stockFactory.destroy();
		}
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
					CachePlatformAutoConfiguration.class))
			.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache.redis")
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.run((context) -> {
				Cache ours = context.getBean(CacheManager.class).getCache("invoices");
				ours.put("one", invoice);
				ours.put("page", page);
				assertThat(ours.get("page").get()).isEqualTo(page);
			});
		try (RespClient stockDb = server.client(2); RespClient ourDb = server.client(1)) {
			for (String key : List.of("invoices::one", "invoices::page")) {
				long stockLength = (Long) stockDb.command("STRLEN", key);
				long ourLength = (Long) ourDb.command("STRLEN", key);
				long stockMemory = (Long) stockDb.command("MEMORY", "USAGE", key);
				long ourMemory = (Long) ourDb.command("MEMORY", "USAGE", key);
				System.out.printf("bytes per entry %s: stock Spring %d value bytes / %d MEMORY USAGE, "
						+ "Cache Platform %d / %d (%.0f%% of stock)%n", key, stockLength, stockMemory, ourLength,
						ourMemory, 100.0 * ourMemory / stockMemory);
				assertThat(ourLength).isLessThan(stockLength);
				assertThat(ourMemory).isLessThan(stockMemory);
			}
		}
	}

	private static Invoice invoice(int number) {
		return new Invoice(1000L + number, "ACME Corporation", new BigDecimal("1249.50"),
				List.of("Consulting, 10 h", "Travel", "Licence renewal"), Instant.parse("2026-11-23T10:15:30Z"),
				InvoiceStatus.SENT);
	}

	enum InvoiceStatus {

		DRAFT, SENT, PAID

	}

	record Invoice(long id, String customer, BigDecimal total, List<String> lines, Instant issuedAt,
			InvoiceStatus status) implements Serializable {
	}

}

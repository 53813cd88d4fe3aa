package dev.cacheplatform.sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.codec.UnreadableReason;
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

/**
 * The release drills of issue 12 over real HTTP: entries planted in Redis with plain commands never
 * fail a request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationBadEntriesTests {

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

	@Autowired
	CacheFaultCounters counters;

	@Autowired
	CacheManager cacheManager;

	private SampleClient browser;

	@BeforeEach
	void browser() {
		this.browser = SampleClient.on(this.port);
		// The first command opens the connection, which on a loaded machine can outlast the short
		// connect timeout and count as a miss
		this.cacheManager.getCache("warm-up").get("connection");
	}

	@Test
	void productCopiedOntoARateKeyAnswersTheRateAndIsReplaced() {
		assertThat(this.browser.get("/products/MON-27").statusCode()).isEqualTo(200);
		try (RespClient client = server.client(1)) {
			client.command("COPY", "products::MON-27", "rates::EUR-USD", "REPLACE");
		}
		long before = this.browser.databaseReads("ExchangeRateRepository");
		for (int i = 0; i < 3; i++) {
			assertThat(this.browser.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
		}
		assertThat(this.browser.databaseReads("ExchangeRateRepository") - before).isOne();
		assertThat(this.counters.count(UnreadableReason.WRONG_TYPE, "rates")).isOne();
	}

	@Test
	void entryDeclaringSixtyFourMegabytesAnswersFromTheDatabase() {
		byte[] bomb = ByteBuffer.allocate(118)
			.put(new byte[] { (byte) 0xCC, 0x50, 1, 2, 1 })
			.putInt(64 * 1024 * 1024)
			.array();
		try (RespClient client = server.client(1)) {
			client.commandBinary(bytes("SET"), bytes("rates::USD-JPY"), bomb);
		}
		var response = this.browser.get("/rates/USD-JPY");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSizeLessThan(1024);
		assertThat(this.counters.count(UnreadableReason.TOO_LARGE, "rates")).isOne();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

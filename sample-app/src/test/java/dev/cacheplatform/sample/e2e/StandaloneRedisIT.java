package dev.cacheplatform.sample.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged app with {@code REDIS_URL} pointing at one Redis: the cache in database 1 under
 * {@code <tenant>:<cache>::<key>}, the sessions in database 0.
 */
class StandaloneRedisIT {

	static RedisServer redis;

	@RegisterExtension
	final SampleApps apps = new SampleApps();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.builder().start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void secondRequestIsAHitFromDatabaseOneAndSessionsLiveInDatabaseZero() {
		SampleAppProcess app = this.apps.start("standalone", Map.of("REDIS_URL", redis.url()));
		assertThat(app.log()).contains("Cache Platform cache: driver=redis", "database=1")
			.contains("Cache Platform session: store=redis");
		SampleApps.awaitCacheInRedis(app, redis);
		SampleClient acme = app.browser().tenant("acme");

		redis.resetStats();
		long rateReads = acme.databaseReads("ExchangeRateRepository");
		HttpResponse<String> first = acme.get("/rates/EUR-USD");
		HttpResponse<String> second = acme.get("/rates/EUR-USD");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).contains("\"pair\":\"EUR-USD\"", "\"rate\":1.029866");
		assertThat(acme.databaseReads("ExchangeRateRepository") - rateReads).isEqualTo(1);
		assertThat(redis.commandStats()).containsEntry("getrange", 2L).containsEntry("set", 1L);

		SampleClient globex = app.browser().tenant("globex");
		long productReads = globex.databaseReads("ProductRepository");
		String product = globex.get("/products/MON-27").body();
		assertThat(globex.get("/products/MON-27").body()).isEqualTo(product)
			.contains("\"tags\":[\"display\",\"hardware\",\"sale\"]", "\"onSale\":true");
		assertThat(globex.databaseReads("ProductRepository") - productReads).isEqualTo(1);

		assertThat(acme.login("alice").statusCode()).isEqualTo(200);
		assertThat(acme.post("/cart/items", "{\"sku\":\"KB-DE\"}").statusCode()).isEqualTo(200);

		List<String> cacheKeys = redis.keys(1);
		assertThat(cacheKeys).contains("acme:rates::EUR-USD", "globex:products::MON-27",
				"acme:user-preferences::alice", "company-settings::acme", "acme:products::KB-DE");
		assertThat(cacheKeys).allMatch((key) -> key.contains("::")).noneMatch((key) -> key.startsWith("session:"));
		List<String> sessionKeys = redis.keys(0);
		assertThat(sessionKeys).anyMatch((key) -> key.startsWith("session:sessions:"))
			.contains("session:index:alice")
			.noneMatch((key) -> key.contains("::"));
		try (RespClient client = redis.client(1)) {
			assertThat(client.pttl("acme:rates::EUR-USD")).isCloseTo(Duration.ofHours(6).toMillis(),
					within(Duration.ofMinutes(1).toMillis()));
			assertThat(client.pttl("company-settings::acme")).isCloseTo(Duration.ofHours(12).toMillis(),
					within(Duration.ofMinutes(1).toMillis()));
		}
	}

}

package dev.cacheplatform.sample.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged app while its cache Redis is killed and restarted: cached endpoints keep answering
 * correctly from the database, and hits come back without restarting the app.
 */
class CacheOutageIT {

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
	void cachedEndpointsAnswerCorrectlyWhileRedisIsDownAndHitsResumeAfterItsRestart() {
		SampleAppProcess app = this.apps.start("cache-outage", Map.of("REDIS_URL", redis.url()));
		SampleApps.awaitCacheInRedis(app, redis);
		SampleClient browser = app.browser().tenant("acme");
		String rate = browser.get("/rates/EUR-GBP").body();
		String product = browser.get("/products/NB-13").body();
		long reads = browser.databaseReads("ExchangeRateRepository");
		assertThat(browser.get("/rates/EUR-GBP").body()).isEqualTo(rate);
		assertThat(browser.databaseReads("ExchangeRateRepository")).isEqualTo(reads);

		redis.kill();
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> during = browser.get("/rates/EUR-GBP");
			assertThat(during.statusCode()).isEqualTo(200);
			assertThat(during.body()).isEqualTo(rate);
		}
		assertThat(browser.get("/products/NB-13").body()).isEqualTo(product);
		// Every one of those calls ran the method: nothing was served from a stale or broken cache
		assertThat(browser.databaseReads("ExchangeRateRepository") - reads).isEqualTo(10);

		redis.restart();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!redis.keys(1).contains("acme:rates::EUR-GBP") && System.nanoTime() < deadline) {
			assertThat(browser.get("/rates/EUR-GBP").body()).isEqualTo(rate);
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		assertThat(redis.keys(1)).as("cached again after the restart").contains("acme:rates::EUR-GBP");
		long afterRestart = browser.databaseReads("ExchangeRateRepository");
		assertThat(browser.get("/rates/EUR-GBP").body()).isEqualTo(rate);
		assertThat(browser.get("/rates/EUR-GBP").body()).isEqualTo(rate);
		assertThat(browser.databaseReads("ExchangeRateRepository")).as("hits after the restart").isEqualTo(afterRestart);
	}

}

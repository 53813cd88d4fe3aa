package dev.cacheplatform.sample.e2e;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cacheplatform.sample.SampleClient;
import dev.cacheplatform.testsupport.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged app with {@code CACHE_DRIVER=memcached CACHE_URL=memcached://...} (the Postiz-style switch): cached
 * endpoints hit memcached over real HTTP, tenants stay apart, sessions stay in memory and no Redis connection is
 * set up. Skipped where no memcached binary is installed (CI installs it and fails on a skip).
 */
class MemcachedIT {

	static MemcachedServer memcached;

	@RegisterExtension
	final SampleApps apps = new SampleApps();

	@BeforeAll
	static void startMemcached() {
		memcached = MemcachedServer.start();
	}

	@AfterAll
	static void stopMemcached() {
		if (memcached != null) {
			memcached.close();
		}
	}

	@Test
	void cachedEndpointsHitMemcachedAndNoRedisIsUsed() {
		SampleAppProcess app = this.apps.start("memcached",
				Map.of("CACHE_DRIVER", "memcached", "CACHE_URL", memcached.url()));
		assertThat(app.log()).contains("Cache Platform cache: driver=memcached", "Cache Platform session: store=memory")
			.doesNotContain("Cache Platform default connection");

		SampleClient acme = app.browser().tenant("acme");
		long rateReads = acme.databaseReads("ExchangeRateRepository");
		HttpResponse<String> first = acme.get("/rates/EUR-USD");
		HttpResponse<String> second = acme.get("/rates/EUR-USD");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).contains("\"pair\":\"EUR-USD\"", "\"rate\":1.029866");
		assertThat(acme.databaseReads("ExchangeRateRepository") - rateReads).isEqualTo(1);

		SampleClient globex = app.browser().tenant("globex");
		long globexReads = globex.databaseReads("ExchangeRateRepository");
		assertThat(globex.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
		assertThat(globex.databaseReads("ExchangeRateRepository") - globexReads).as("another tenant's entry")
			.isEqualTo(1);

		List<String> keys = memcached.dumpedKeys();
		assertThat(keys).anyMatch((key) -> key.startsWith("acme:rates#") && key.endsWith("::EUR-USD"))
			.anyMatch((key) -> key.startsWith("globex:rates#") && key.endsWith("::EUR-USD"));
		String rateKey = keys.stream().filter((key) -> key.startsWith("acme:rates#")).findFirst().orElseThrow();
		assertThat(memcached.ttlSeconds(rateKey)).isCloseTo(6 * 3600L, within(120L));
	}

	@Test
	void anOutageIsAnsweredByTheMethodAndLoggedInAFewLinesWithoutStackTraces() {
		SampleAppProcess app = this.apps.start("memcached-outage",
				Map.of("CACHE_DRIVER", "memcached", "CACHE_URL", memcached.url()));
		SampleClient acme = app.browser().tenant("acme");
		assertThat(acme.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
		int logged = app.log().length();
		memcached.kill();
		try {
			for (int i = 0; i < 1000 && !app.log().substring(logged).contains("circuit breaker OPEN"); i++) {
				assertThat(acme.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
			}
			// then until its wait is over and a trial call failed too: seconds in which xmemcached tries to
			// reconnect, and used to log a stack trace for every attempt
			SampleClient actuator = SampleClient.on(app.managementPort());
			double failedWhenOpened = failedBreakerCalls(actuator);
			for (int i = 0; i < 1_000_000 && failedBreakerCalls(actuator) == failedWhenOpened; i++) {
				assertThat(acme.get("/rates/EUR-USD").statusCode()).isEqualTo(200);
			}
			String outage = app.log().substring(logged);
			assertThat(outage).contains("circuit breaker OPEN")
				.doesNotContain(" ERROR ")
				.doesNotContain("\tat ");
		}
		finally {
			memcached.restart();
		}
	}

	private static double failedBreakerCalls(SampleClient actuator) {
		HttpResponse<String> response = actuator
			.get("/actuator/metrics/resilience4j.circuitbreaker.calls?tag=name:memcached-cache&tag=kind:failed");
		assertThat(response.statusCode()).isEqualTo(200);
		Matcher count = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)").matcher(response.body());
		assertThat(count.find()).as(response.body()).isTrue();
		return Double.parseDouble(count.group(1));
	}

}

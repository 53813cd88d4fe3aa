package dev.cacheplatform.sample.e2e;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

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

		List<String> keys = memcached.keys();
		assertThat(keys).anyMatch((key) -> key.startsWith("acme:rates#") && key.endsWith("::EUR-USD"))
			.anyMatch((key) -> key.startsWith("globex:rates#") && key.endsWith("::EUR-USD"));
		String rateKey = keys.stream().filter((key) -> key.startsWith("acme:rates#")).findFirst().orElseThrow();
		assertThat(memcached.ttlSeconds(rateKey)).isCloseTo(6 * 3600L, within(120L));
	}

}

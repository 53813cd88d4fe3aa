package com.example.rates;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The starter works in a plain app that imports Boot's BOM, with no Redis configured (memory driver). */
@SpringBootTest
class RatesApplicationTests {

	@Autowired
	CacheManager cacheManager;

	@Autowired
	RatesApplication.RateService rates;

	@Test
	void cachedMethodRunsOnce() {
		assertThat(this.rates.rate("EUR-USD")).isEqualTo(this.rates.rate("EUR-USD"));
		assertThat(this.rates.lookups()).isEqualTo(1);
		assertThat(this.cacheManager.getClass().getName()).startsWith("dev.cacheplatform.");
	}

	@Test
	void aUnixSocketWithoutTheNativeTransportFailsAtStartupNamingTheDependency() {
		SpringApplication application = new SpringApplication(RatesApplication.class);
		assertThatException()
			.isThrownBy(() -> application.run("--cache-platform.redis.url=redis-socket:///tmp/no-such-redis.sock"))
			.havingRootCause()
			.withMessageContaining("cache-platform.redis.url")
			.withMessageContaining("netty-transport-native-epoll");
	}

	@Test
	void nativeTransportIsNotBroughtByTheStarter() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("io.netty.channel.epoll.Epoll"));
	}

}

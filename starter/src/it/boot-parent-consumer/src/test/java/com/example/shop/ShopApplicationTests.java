package com.example.shop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The starter works in a web app built on Boot's parent, with no Redis configured (memory driver). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	CacheManager cacheManager;

	@Autowired
	ShopApplication.PriceService prices;

	@Test
	void cachedEndpointRunsTheMethodOnceAndSessionsUseSpringSession() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/prices/A1")).build();
		HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).isEqualTo("A1=1");
		assertThat(this.prices.lookups()).isEqualTo(1);
		assertThat(first.headers().allValues("Set-Cookie")).anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION="));
		assertThat(this.cacheManager.getClass().getName()).startsWith("dev.cacheplatform.");
	}

	@Test
	void nativeTransportIsNotBroughtByTheStarter() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("io.netty.channel.epoll.Epoll"));
	}

}

package dev.cacheplatform.sample.deploy;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.redis.RedisCacheProvider;
import dev.cacheplatform.connection.RedisEndpoints;
import dev.cacheplatform.connection.RedisTopology;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's {@code @ServiceConnection} with the starter: a Redis container declared the Testcontainers way
 * is all the configuration there is, and the starter's cache and session roles use it (cache in database 1,
 * sessions in 0). Needs a Docker engine: skipped without one (every other test starts redis-server itself), run
 * by CI on GitHub's runners, which have Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ServiceConnectionTests.App.class)
class ServiceConnectionTests {

	@Container
	@ServiceConnection
	static final GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7.4-alpine"))
		.withExposedPorts(6379);

	@Autowired
	RedisEndpoints endpoints;

	@Autowired
	CacheManager cacheManager;

	@Autowired
	ApplicationContext context;

	@Test
	void everyRoleConnectsToTheContainer() {
		assertThat(this.endpoints.cache().topology()).isEqualTo(RedisTopology.STANDALONE);
		assertThat(this.endpoints.cache().host()).isEqualTo(redis.getHost());
		assertThat(this.endpoints.cache().port()).isEqualTo(redis.getMappedPort(6379));
		assertThat(this.endpoints.cache().database()).isEqualTo(1);
		assertThat(this.endpoints.session().port()).isEqualTo(redis.getMappedPort(6379));
		assertThat(this.endpoints.session().database()).isZero();
	}

	@Test
	void theStartersCacheManagerCachesInTheContainer() {
		assertThat(this.cacheManager).isInstanceOf(CachePlatformCacheManager.class);
		assertThat(((CachePlatformCacheManager) this.cacheManager).getProvider()).isInstanceOf(RedisCacheProvider.class);
		ExampleContexts.cacheRoundTrip(this.context, "rates", "EUR-USD");
		try (RespClient client = RespClient.builder().host(redis.getHost()).port(redis.getMappedPort(6379)).database(1)
			.connect()) {
			assertThat(client.command("EXISTS", "rates::EUR-USD")).isEqualTo(1L);
		}
	}

	@Test
	void sessionsAreStoredInTheContainer() {
		String session = ExampleContexts.sessionRoundTrip(this.context);
		try (RespClient client = RespClient.builder().host(redis.getHost()).port(redis.getMappedPort(6379)).connect()) {
			assertThat(client.command("EXISTS", "session:sessions:v2:" + session)).isEqualTo(1L);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}

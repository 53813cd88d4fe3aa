package dev.cacheplatform.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.cache.fault.CacheFaultSettings;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.testsupport.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health per Redis role against real servers that stop and come back: the README's two-server setup is
 * UP with nothing on localhost:6379, a shared server is probed once, a cache outage degrades without
 * failing any probe and shows the breaker's state and last fault, a session outage fails readiness, and no
 * detail shows a password.
 */
class RedisRoleHealthTests {

	private static final String PASSWORD = "h3alth-Secret";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisHealthContributorAutoConfiguration.class,
				DataRedisReactiveHealthContributorAutoConfiguration.class, CachePlatformRedisAutoConfiguration.class,
				CachePlatformCacheAutoConfiguration.class, CachePlatformSessionAutoConfiguration.class,
				SessionAutoConfiguration.class, CachePlatformAutoConfiguration.class,
				CachePlatformRedisHealthAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.show-details=always", "cache-platform.redis.check-server-setup=false");

	@Test
	void twoRoleServersWithoutRedisUrlAreUpAndTheUnconfiguredDefaultIsNotProbed() {
		try (RedisServer cache = RedisServer.builder().start(); RedisServer session = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_REDIS_URL", cache.url(),
					"SESSION_REDIS_URL", session.url()))
				.run((context) -> {
					HealthDescriptor health = endpoint(context).health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					Map<String, HealthDescriptor> roles = redis(endpoint(context));
					assertThat(roles).containsOnlyKeys("cache", "session");
					assertThat(details(roles.get("cache"))).containsEntry("server", cache.host() + ":" + cache.port())
						.containsEntry("breaker", "CLOSED");
					assertThat(details(roles.get("session"))).containsEntry("server",
							session.host() + ":" + session.port());
				});
		}
	}

	@Test
	void rolesSharingAServerAreProbedOncePerHealthRequest() {
		try (RedisServer server = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
				.run((context) -> {
					HealthEndpoint endpoint = endpoint(context);
					assertThat(redis(endpoint)).containsOnlyKeys("cache", "session", "default");
					server.resetStats();
					assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
					assertThat(server.commandStats()).containsEntry("ping", 1L);
					endpoint.health();
					assertThat(server.commandStats()).containsEntry("ping", 2L);
				});
		}
	}

	@Test
	void cacheOutageDegradesWithoutFailingLivenessOrReadinessAndRecovers() {
		try (RedisServer cache = RedisServer.builder().start(); RedisServer session = RedisServer.builder().start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_REDIS_URL", cache.url(),
					"SESSION_REDIS_URL", session.url()))
				.run((context) -> {
					HealthEndpoint endpoint = endpoint(context);
					cache.stop();
					HealthDescriptor cacheHealth = redis(endpoint).get("cache");
					assertThat(cacheHealth.getStatus().getCode()).isEqualTo("DEGRADED");
					assertThat(details(cacheHealth)).containsKey("error").containsKey("breaker");
					assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
					assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
					assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
					cache.restart();
					long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
					while (redis(endpoint).get("cache").getStatus() != Status.UP && System.nanoTime() < deadline) {
						Thread.onSpinWait();
					}
					assertThat(redis(endpoint).get("cache").getStatus()).isEqualTo(Status.UP);
				});
		}
	}

	@Test
	void cacheOutageShowsTheOpenBreakerAndItsLastFaultThenRecovers() {
		Instant started = Instant.now();
		try (RedisServer cache = RedisServer.builder().password(PASSWORD).start();
				RedisServer session = RedisServer.builder().start()) {
			this.runner.withUserConfiguration(BreakerOnAFakeClock.class)
				.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache")
				.withInitializer(EnvironmentVariablesInitializer.of("CACHE_REDIS_URL", cache.url(), "SESSION_REDIS_URL",
						session.url()))
				.run((context) -> {
					HealthEndpoint endpoint = endpoint(context);
					CountingService service = context.getBean(CountingService.class);
					CacheFaultPolicy faults = context.getBean(CacheFaultPolicy.class);
					AtomicLong nanos = context.getBean(AtomicLong.class);
					service.product(1);
					service.product(1);
					assertThat(service.productLoads()).hasValue(1);
					assertThat(details(redis(endpoint).get("cache"))).doesNotContainKey("lastFault");

					cache.kill();
					for (long id = 100; id < 140 && faults.state() != CircuitBreaker.State.OPEN; id++) {
						assertThat(service.product(id).id()).as("answered by the method").isEqualTo(id);
					}
					assertThat(faults.state()).isEqualTo(CircuitBreaker.State.OPEN);
					HealthDescriptor degraded = redis(endpoint).get("cache");
					assertThat(degraded.getStatus().getCode()).isEqualTo("DEGRADED");
					Map<String, Object> details = details(degraded);
					assertThat(details).containsEntry("breaker", "OPEN").containsKey("error");
					assertThat(details.get("lastFault")).isInstanceOfSatisfying(Map.class, (last) -> {
						assertThat(last.get("kind")).isIn("get_failed", "put_failed");
						assertThat(last.get("cache")).isEqualTo("products");
						assertThat(Instant.parse((String) last.get("time"))).as("on the breaker's clock")
							.isBetween(started, Instant.now());
						assertThat((String) last.get("message")).as("the breaker's fault, not the probe's PING error")
							.isNotEqualTo(details.get("error"))
							.isNotBlank();
					});
					assertThat(details.toString()).doesNotContain(PASSWORD);
					assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);

					cache.restart();
					// the breaker's wait in OPEN passes on its own clock; its trial calls then close it
					long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
					for (long id = 200; faults.state() != CircuitBreaker.State.CLOSED
							&& System.nanoTime() < deadline; id++) {
						nanos.addAndGet(Duration.ofSeconds(6).toNanos());
						service.product(id);
					}
					assertThat(faults.state()).isEqualTo(CircuitBreaker.State.CLOSED);
					int loads = service.productLoads().get();
					service.product(7);
					service.product(7);
					assertThat(service.productLoads()).as("cached again").hasValue(loads + 1);
					while (redis(endpoint).get("cache").getStatus() != Status.UP && System.nanoTime() < deadline) {
						Thread.onSpinWait();
					}
					HealthDescriptor recovered = redis(endpoint).get("cache");
					assertThat(recovered.getStatus()).isEqualTo(Status.UP);
					assertThat(details(recovered)).containsEntry("breaker", "CLOSED")
						.doesNotContainKeys("lastFault", "error");
				});
		}
	}

	@Test
	void sessionOutageFailsReadinessButNotLivenessAndRecovers() {
		try (RedisServer cache = RedisServer.builder().start();
				RedisServer session = RedisServer.builder().password(PASSWORD).start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_REDIS_URL", cache.url(),
					"SESSION_REDIS_URL", session.url()))
				.run((context) -> {
					HealthEndpoint endpoint = endpoint(context);
					assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
					session.stop();
					assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
					assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
					HealthDescriptor sessionHealth = redis(endpoint).get("session");
					assertThat(sessionHealth.getStatus()).isEqualTo(Status.DOWN);
					assertThat(details(sessionHealth)).containsKey("error");
					assertThat(details(sessionHealth).toString()).doesNotContain(PASSWORD);
					session.restart();
					// Lettuce reconnects in the background (at most REDIS_RECONNECT_MAX_DELAY, 1 s, apart)
					long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
					while (endpoint.healthForPath("readiness").getStatus() != Status.UP
							&& System.nanoTime() < deadline) {
						Thread.onSpinWait();
					}
					assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
				});
		}
	}

	@Test
	void withoutTheStartersRolesBootsOwnRedisIndicatorStays() {
		this.runner.withPropertyValues("cache-platform.cache.driver=memory", "cache-platform.session.store=memory")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SessionReadinessGroups.class);
				assertThat(context).hasBean("redisHealthContributor");
				assertThat(context.getBean("redisHealthContributor").getClass().getName())
					.doesNotContain("dev.cacheplatform");
			});
	}

	/** The Redis cache breaker as auto-configured, but on a clock the test moves, and a cached service. */
	@Configuration(proxyBeanMethods = false)
	static class BreakerOnAFakeClock {

		@Bean
		AtomicLong breakerNanos() {
			return new AtomicLong(1);
		}

		@Bean
		CacheFaultPolicy cachePlatformRedisCacheFaultPolicy(CacheFaultCounters counters, AtomicLong breakerNanos) {
			return new CacheFaultPolicy("redis-cache", "Redis cache role", CacheFaultSettings.defaults(), counters,
					breakerNanos::get);
		}

		@Bean
		CountingService countingService() {
			return new CountingService();
		}

	}

	// As a started application would be: live and accepting traffic, so only Redis can change the groups
	private static HealthEndpoint endpoint(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		return context.getBean(HealthEndpoint.class);
	}

	private static Map<String, HealthDescriptor> redis(HealthEndpoint endpoint) {
		return ((CompositeHealthDescriptor) endpoint.healthForPath("redis")).getComponents();
	}

	private static Map<String, Object> details(HealthDescriptor descriptor) {
		return ((IndicatedHealthDescriptor) descriptor).getDetails();
	}

}

package dev.cacheplatform.cache;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.autoconfigure.CachePlatformStartupReport;
import dev.cacheplatform.cache.memory.MemoryCacheProvider;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Applications configured for Boot's in-process caches (Caffeine through {@code spring.cache.caffeine.spec},
 * JCache with Caffeine's JSR-107 provider and {@code JCacheManagerCustomizer} beans) that add our starter.
 */
class StockCacheProvidersTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformAutoConfiguration.class));

	@Test
	void caffeineSpecBoundsAndExpiresTheMemoryDriver() {
		this.runner.withPropertyValues("spring.cache.caffeine.spec=maximumSize=3,expireAfterWrite=10m,recordStats")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MemoryCacheProvider provider = context.getBean(MemoryCacheProvider.class);
				assertThat(provider.maxCapacity()).isEqualTo(3);
				assertThat(provider.ttlPolicy().configuredTtl("products")).isEqualTo(Duration.ofMinutes(10));
				CacheManager manager = context.getBean(CacheManager.class);
				for (int i = 0; i < 20; i++) {
					manager.getCache("products").put(i, "value-" + i);
				}
				assertThat(provider.estimatedSize()).isLessThanOrEqualTo(3);
				assertThat(context.getBean(CachePlatformStartupReport.class).lines().get(0)).contains("driver=memory",
						"ttl=PT10M", "max-capacity=3",
						"spring.cache.caffeine.spec=maximumSize=3,expireAfterWrite=10m,recordStats");
			});
	}

	@Test
	void ourMemorySettingsWinOverTheCaffeineSpec() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_MAX_CAPACITY", "50", "CACHE_TTL_SECONDS", "30"))
			.withPropertyValues("spring.cache.caffeine.spec=maximumSize=3,expireAfterAccess=10m")
			.run((context) -> {
				MemoryCacheProvider provider = context.getBean(MemoryCacheProvider.class);
				assertThat(provider.maxCapacity()).isEqualTo(50);
				assertThat(provider.ttlPolicy().configuredTtl("products")).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void aBadCaffeineSpecStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("spring.cache.caffeine.spec=maximumSize=lots")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("spring.cache.caffeine.spec"));
	}

	@Test
	void aJCacheApplicationThatAddsRedisGetsOurManagerAndEveryCacheNameItUsesWorks() {
		this.runner.withUserConfiguration(JCacheApplication.class)
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(CachePlatformCacheManager.class);
				assertThat(context).doesNotHaveBean(JCacheCacheManager.class);
				JCacheService service = context.getBean(JCacheService.class);
				for (int i = 0; i < 3; i++) {
					assertThat(service.rate("EUR")).isEqualTo("rate-EUR");
					assertThat(service.country("FR")).isEqualTo("country-FR");
				}
				assertThat(service.loads()).hasValue(2);
				assertThat(server.keys(1)).contains("rates::EUR", "countries::FR");
				try (RespClient client = server.client(1)) {
					assertThat(client.pttl("rates::EUR")).isCloseTo(300_000L, within(5_000L));
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class JCacheApplication {

		@Bean
		JCacheManagerCustomizer jcacheCaches() {
			return (cacheManager) -> {
				cacheManager.createCache("rates", new MutableConfiguration<>()
					.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
				cacheManager.createCache("countries", new MutableConfiguration<>());
			};
		}

		@Bean
		Caffeine<Object, Object> caffeine() {
			return Caffeine.newBuilder().maximumSize(100);
		}

		@Bean
		CacheManagerCustomizer<JCacheCacheManager> jcacheManagerCustomizer() {
			return (manager) -> manager.setAllowNullValues(false);
		}

		@Bean
		JCacheService jcacheService() {
			return new JCacheService();
		}

	}

	static class JCacheService {

		private final AtomicInteger loads = new AtomicInteger();

		public AtomicInteger loads() {
			return this.loads;
		}

		@Cacheable("rates")
		public String rate(String currency) {
			this.loads.incrementAndGet();
			return "rate-" + currency;
		}

		@Cacheable("countries")
		public String country(String code) {
			this.loads.incrementAndGet();
			return "country-" + code;
		}

	}

}

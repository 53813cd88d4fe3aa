package dev.cacheplatform.cache.redis;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.autoconfigure.CachePlatformStartupReport;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An application configured for stock Spring Boot Redis caching ({@code spring.cache.*}, a
 * {@code RedisCacheConfiguration} bean, builder and manager customizers) keeps its behaviour on our Redis
 * driver, against a real server; our own settings win where both are set.
 */
class StockCacheSettingsTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache");

	@BeforeEach
	void emptyServer() {
		for (int database = 0; database < 2; database++) {
			try (RespClient client = server.client(database)) {
				for (String key : server.keys(database)) {
					client.command("DEL", key);
				}
			}
		}
	}

	@Test
	void springCacheRedisSettingsApplyWhenOursAreUnset() {
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "spring.cache.redis.cache-null-values=false",
					"spring.cache.redis.key-prefix=legacy:", "spring.cache.cache-names=products,lookups",
					"spring.cache.redis.enable-statistics=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CatalogService service = context.getBean(CatalogService.class);
				service.product(1);
				service.product(1);
				service.nothing(1);
				service.nothing(1);
				assertThat(service.productLoads()).hasValue(1);
				assertThat(service.nullLoads()).hasValue(2);
				assertThat(server.keys(1)).containsExactly("legacy:products::1");
				assertThat(pttl("legacy:products::1")).isCloseTo(600_000L, within(5_000L));
				assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("products", "lookups");
				RedisCacheProvider provider = context.getBean(RedisCacheProvider.class);
				assertThat(provider.writer().getCacheStatistics("products").getHits()).isEqualTo(1);
				assertThat(reportedCacheLine(context)).contains("prefix='legacy:'", "ttl=PT10M",
						"stock Spring settings read: ", "spring.cache.redis.time-to-live=10m",
						"spring.cache.redis.key-prefix=legacy:", "spring.cache.redis.cache-null-values=false",
						"spring.cache.cache-names=products,lookups", "spring.cache.redis.enable-statistics=true");
			});
	}

	@Test
	void ourSettingsAndVariablesWinWhereBothAreSet() {
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "CACHE_TTL_SECONDS", "60",
					"CACHE_PREFIX", "shop:"))
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "spring.cache.redis.key-prefix=legacy:",
					"spring.cache.redis.cache-null-values=false", "cache-platform.cache.cache-null-values=true")
			.run((context) -> {
				CatalogService service = context.getBean(CatalogService.class);
				service.product(1);
				service.nothing(1);
				service.nothing(1);
				assertThat(service.nullLoads()).hasValue(1);
				assertThat(server.keys(1)).containsExactlyInAnyOrder("shop:products::1", "shop:lookups::1");
				assertThat(pttl("shop:products::1")).isCloseTo(60_000L, within(2_000L));
				assertThat(reportedCacheLine(context)).contains("prefix='shop:'", "ttl=PT1M",
						"spring.cache.redis.time-to-live=10m (overridden by cache-platform.cache.*)");
			});
	}

	@Test
	void anEntryWrittenByStockSpringWithAKeyPrefixIsAHitForOurs() {
		RedisStandaloneConfiguration cacheDatabase = new RedisStandaloneConfiguration(server.host(), server.port());
		cacheDatabase.setDatabase(1);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(cacheDatabase);
		factory.afterPropertiesSet();
		factory.start();
		try {
			// Exactly what Boot's RedisCacheConfiguration builds from spring.cache.redis.key-prefix=legacy:
			RedisCacheManager stock = RedisCacheManager.builder(factory)
				.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
					.serializeValuesWith(SerializationPair.fromSerializer(new JdkSerializationRedisSerializer()))
					.prefixCacheNameWith("legacy:"))
				.build();
			stock.afterPropertiesSet();
			stock.getCache("products").put(7L, new Item(7, "written by stock"));
			assertThat(server.keys(1)).as(() -> "keys of databases 0 to 3: " + server.keys(0) + server.keys(1)
					+ server.keys(2) + server.keys(3) + ", stock reads back: " + stock.getCache("products").get(7L))
				.containsExactly("legacy:products::7");
			this.runner.withPropertyValues("spring.cache.redis.key-prefix=legacy:").run((context) -> {
				CatalogService service = context.getBean(CatalogService.class);
				assertThat(service.product(7).name()).isEqualTo("written by stock");
				assertThat(service.productLoads()).hasValue(0);
				service.product(8);
				assertThat(server.keys(1)).containsExactlyInAnyOrder("legacy:products::7", "legacy:products::8");
			});
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void useKeyPrefixFalseIsRefusedAtStartupWithTheReasonAndTheFix() {
		this.runner.withPropertyValues("spring.cache.redis.use-key-prefix=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("spring.cache.redis.use-key-prefix")
				.hasMessageContaining("clearing a cache removes only its own keys")
				.hasMessageContaining("remove spring.cache.redis.use-key-prefix (or set it to true)");
		});
		this.runner.withPropertyValues("spring.cache.redis.use-key-prefix=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aRedisCacheConfigurationBeanSetsTtlNullsPrefixAndValueSerializer() {
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "spring.cache.redis.key-prefix=ignored:")
			.withBean(RedisCacheConfiguration.class,
					() -> RedisCacheConfiguration.defaultCacheConfig()
						.entryTtl(Duration.ofMinutes(7))
						.disableCachingNullValues()
						.prefixCacheNameWith("bean:")
						.serializeValuesWith(SerializationPair.fromSerializer(new TaggedSerializer())))
			.run((context) -> {
				CatalogService service = context.getBean(CatalogService.class);
				assertThat(service.label(1)).isEqualTo("label-1");
				assertThat(service.label(1)).isEqualTo("label-1");
				assertThat(service.labelLoads()).hasValue(1);
				service.nothing(1);
				service.nothing(1);
				assertThat(service.nullLoads()).hasValue(2);
				assertThat(server.keys(1)).containsExactly("bean:labels::1");
				assertThat(pttl("bean:labels::1")).isCloseTo(420_000L, within(5_000L));
				try (RespClient client = server.client(1)) {
					assertThat(new String(client.getBytes("bean:labels::1"), StandardCharsets.UTF_8))
						.isEqualTo("tagged:label-1");
				}
				assertThat(reportedCacheLine(context)).contains("RedisCacheConfiguration bean")
					.doesNotContain("spring.cache.redis.time-to-live");
			});
	}

	@Test
	void javaSerializationOfAStockConfigurationIsReplacedByOurCodec() {
		this.runner
			.withBean(RedisCacheConfiguration.class,
					() -> RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(3)))
			.run((context) -> {
				context.getBean(CatalogService.class).label(2);
				try (RespClient client = server.client(1)) {
					byte[] stored = client.getBytes("labels::2");
					assertThat(stored[0] & 0xFF).isEqualTo(0xCC);
				}
				assertThat(pttl("labels::2")).isCloseTo(180_000L, within(5_000L));
			});
	}

	@Test
	void ourTtlWinsOverTheBeansAndAnUnreadableCustomValueIsAMiss() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "CACHE_TTL_SECONDS", "60"))
			.withBean(RedisCacheConfiguration.class,
					() -> RedisCacheConfiguration.defaultCacheConfig()
						.entryTtl(Duration.ofMinutes(7))
						.serializeValuesWith(SerializationPair.fromSerializer(new TaggedSerializer())))
			.run((context) -> {
				CatalogService service = context.getBean(CatalogService.class);
				service.label(3);
				assertThat(pttl("labels::3")).isCloseTo(60_000L, within(2_000L));
				try (RespClient client = server.client(1)) {
					client.set("labels::4", "not tagged");
				}
				assertThat(service.label(4)).isEqualTo("label-4");
				assertThat(service.labelLoads()).hasValue(2);
			});
	}

	@Test
	void aKeyPrefixFunctionOutsideOurLayoutIsIgnoredAndDisablingThePrefixIsRefused() {
		this.runner
			.withBean(RedisCacheConfiguration.class,
					() -> RedisCacheConfiguration.defaultCacheConfig().computePrefixWith((name) -> "v2-" + name + ":"))
			.run((context) -> {
				context.getBean(CatalogService.class).product(1);
				assertThat(server.keys(1)).containsExactly("products::1");
			});
		this.runner
			.withBean(RedisCacheConfiguration.class, () -> RedisCacheConfiguration.defaultCacheConfig().disableKeyPrefix())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("disableKeyPrefix()"));
	}

	@Test
	void builderCustomizersConfigureSingleCachesAndNameCachesCreatedAtStartup() {
		this.runner.withBean(RedisCacheManagerBuilderCustomizer.class, () -> (builder) -> builder
			.withCacheConfiguration("lookups",
					RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(2)).disableCachingNullValues())
			.withInitialCacheConfigurations(
					Map.of("warm", RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(3)))))
			.run((context) -> {
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCacheNames()).contains("lookups", "warm");
				CatalogService service = context.getBean(CatalogService.class);
				service.product(1);
				service.nothing(1);
				service.nothing(1);
				assertThat(service.nullLoads()).hasValue(2);
				manager.getCache("warm").put("k", "v");
				assertThat(pttl("products::1")).isCloseTo(300_000L, within(5_000L));
				assertThat(pttl("warm::k")).isCloseTo(180_000L, within(5_000L));
				assertThat(reportedCacheLine(context))
					.contains("RedisCacheManagerBuilderCustomizer configuration of cache 'lookups'");
			});
	}

	@Test
	void cacheManagerCustomizersForAnyCacheManagerRunOnOursAndOthersAreSkippedWithoutFailing() {
		this.runner.withUserConfiguration(ManagerCustomizers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ManagerCustomizers customizers = context.getBean(ManagerCustomizers.class);
			assertThat(customizers.customized).containsExactly(context.getBean(CacheManager.class));
			assertThat(customizers.customized.get(0)).isInstanceOf(CachePlatformCacheManager.class);
			assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("prepared");
		});
	}

	private static long pttl(String key) {
		try (RespClient client = server.client(1)) {
			return client.pttl(key);
		}
	}

	private static String reportedCacheLine(AssertableApplicationContext context) {
		return context.getBean(CachePlatformStartupReport.class).lines().get(0);
	}

	/** A value type stock Spring can write with Java serialization. */
	record Item(long id, String name) implements Serializable {
	}

	/** An application's own value serializer: plain text with a tag. */
	static final class TaggedSerializer implements RedisSerializer<Object> {

		@Override
		public byte[] serialize(@Nullable Object value) {
			return ("tagged:" + value).getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public Object deserialize(byte @Nullable [] bytes) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (!text.startsWith("tagged:")) {
				throw new org.springframework.data.redis.serializer.SerializationException("not tagged");
			}
			return text.substring("tagged:".length());
		}

	}

	static class CatalogService {

		private final AtomicInteger productLoads = new AtomicInteger();

		public AtomicInteger productLoads() {
			return this.productLoads;
		}

		private final AtomicInteger nullLoads = new AtomicInteger();

		public AtomicInteger nullLoads() {
			return this.nullLoads;
		}

		private final AtomicInteger labelLoads = new AtomicInteger();

		public AtomicInteger labelLoads() {
			return this.labelLoads;
		}

		@Cacheable("products")
		public Item product(long id) {
			this.productLoads.incrementAndGet();
			return new Item(id, "item-" + id);
		}

		@Cacheable("lookups")
		public @Nullable String nothing(long id) {
			this.nullLoads.incrementAndGet();
			return null;
		}

		@Cacheable("labels")
		public String label(long id) {
			this.labelLoads.incrementAndGet();
			return "label-" + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		CatalogService catalogService() {
			return new CatalogService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManagerCustomizers {

		final List<CacheManager> customized = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		CacheManagerCustomizer<CacheManager> anyManager() {
			return (manager) -> {
				this.customized.add(manager);
				manager.getCache("prepared");
			};
		}

		@Bean
		RedisManagerCustomizer redisManagerOnly() {
			return new RedisManagerCustomizer();
		}

		@Bean
		CacheManagerCustomizer<RedisCacheManager> redisManagerLambda() {
			return (manager) -> manager.getCacheConfigurations();
		}

	}

	static final class RedisManagerCustomizer implements CacheManagerCustomizer<RedisCacheManager> {

		@Override
		public void customize(RedisCacheManager cacheManager) {
			throw new IllegalStateException("must not be called with a manager that is not a RedisCacheManager");
		}

	}

}

package dev.cacheplatform.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.cacheplatform.cache.CachePlatformCacheManager;
import dev.cacheplatform.cache.CountingService;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.session.SessionRepository;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each optional library hidden from a Redis-backed web application with a {@link FilteredClassLoader}: the
 * application still starts and caches in Redis, and exactly the part built on that library backs off (or,
 * where a setting names the library, startup stops with a report that says so).
 */
class OptionalLibrariesTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	/** Spring Boot's auto-configurations an application of the starter has, besides ours. */
	private static final List<String> BOOT_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
			"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
			"org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
			"org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration");

	private static final String BIG_VALUE = "x".repeat(4096);

	@BeforeEach
	void emptyServer() {
		try (RespClient client = server.client(1)) {
			for (String key : server.keys(1)) {
				client.command("DEL", key);
			}
		}
	}

	@Test
	void withEveryLibraryEveryOptionalPartIsThere() {
		runner().run((context) -> {
			assertCachesInRedis(context);
			assertThat(context).hasBean("cachesEndpoint");
			assertThat(context).getBean(SessionRepository.class).isInstanceOf(CachePlatformRedisSessionRepository.class);
			assertThat(storedCompression(context)).as("Zstandard").isEqualTo((byte) 4);
		});
	}

	@Test
	void withoutTheActuatorTheCachesEndpointBacksOff() {
		runner("org.springframework.boot.actuate").run((context) -> {
			assertCachesInRedis(context);
			assertThat(context).doesNotHaveBean("cachesEndpoint");
			assertThat(context).hasSingleBean(SessionRepository.class);
		});
	}

	@Test
	void withoutSpringSessionSessionsAreLeftToTheServletContainer() {
		runner("org.springframework.session", "org.springframework.boot.session").run((context) -> {
			assertCachesInRedis(context);
			assertThat(context).doesNotHaveBean(SessionRepository.class);
			assertThat(context).doesNotHaveBean("springSessionRepositoryFilter");
		});
	}

	@Test
	void withoutLz4TheDefaultCompressionIsUnaffected() {
		runner("net.jpountz").run((context) -> {
			assertCachesInRedis(context);
			assertThat(storedCompression(context)).as("Zstandard").isEqualTo((byte) 4);
		});
	}

	@Test
	void withoutLz4AnExplicitLz4SettingStopsStartupNamingTheLibrary() {
		runner("net.jpountz").withPropertyValues("cache-platform.cache.serialization.compression=lz4")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("cache-platform.cache.serialization.compression")
				.hasMessageContaining("at.yawk.lz4:lz4-java is not on the class path"));
	}

	@Test
	void withoutZstdLargeValuesAreStoredUncompressed() {
		runner("com.github.luben").run((context) -> {
			assertCachesInRedis(context);
			assertThat(storedCompression(context)).as("no compression").isZero();
		});
	}

	@Test
	void withoutZstdAZstdSettingStopsStartupNamingTheLibrary() {
		runner().withPropertyValues("cache-platform.cache.serialization.compression=zstd")
			.run((context) -> assertThat(storedCompression(context)).as("Zstandard").isEqualTo((byte) 4));
		runner("com.github.luben").withPropertyValues("cache-platform.cache.serialization.compression=zstd")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("com.github.luben:zstd-jni is not on the class path"));
	}

	@Test
	void withoutMicrometerTheApplicationStartsAndCaches() {
		runner("io.micrometer").run((context) -> {
			assertCachesInRedis(context);
			assertThat(context).hasSingleBean(SessionRepository.class);
			assertThat(context.getBeanDefinitionNames()).noneMatch(
					(name) -> context.getType(name) != null && context.getType(name).getName().startsWith("io.micrometer"));
		});
	}

	@Test
	void withoutResilience4jTheMemoryDriverStartsAndARedisDriverStopsStartupNamingTheLibrary() {
		new WebApplicationContextRunner().withConfiguration(autoConfigurations())
			.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.withBean(CountingService.class)
			.run((context) -> {
				assertThat(context).getBean(CacheManager.class).isInstanceOf(CachePlatformCacheManager.class);
				CountingService service = context.getBean(CountingService.class);
				service.product(1);
				service.product(1);
				assertThat(service.productLoads()).hasValue(1);
			});
		runner("io.github.resilience4j").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("io.github.resilience4j:resilience4j-circuitbreaker"));
	}

	@Test
	void withoutXmemcachedARedisApplicationIsUnaffectedAndTheMemcachedDriverStopsStartupNamingTheLibrary() {
		runner("net.rubyeye.xmemcached").run((context) -> {
			assertThat(context).hasNotFailed();
			assertCachesInRedis(context);
		});
		new WebApplicationContextRunner().withConfiguration(autoConfigurations("net.rubyeye.xmemcached"))
			.withClassLoader(new FilteredClassLoader("net.rubyeye.xmemcached"))
			.withInitializer(EnvironmentVariablesInitializer.of("CACHE_DRIVER", "memcached"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("com.googlecode.xmemcached:xmemcached"));
	}

	/**
	 * A web application on Redis with Spring Boot's and Cache Platform's auto-configurations, as an application
	 * without the hidden packages would have them: auto-configurations inside a hidden package are not there.
	 */
	private WebApplicationContextRunner runner(String... hiddenPackages) {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(autoConfigurations(hiddenPackages))
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withBean(CountingService.class)
			.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
					"management.endpoints.web.exposure.include=caches");
		return (hiddenPackages.length > 0) ? runner.withClassLoader(new FilteredClassLoader(hiddenPackages)) : runner;
	}

	private static AutoConfigurations autoConfigurations(String... hiddenPackages) {
		List<String> names = new ArrayList<>(BOOT_AUTO_CONFIGURATIONS);
		ImportCandidates.load(AutoConfiguration.class, OptionalLibrariesTests.class.getClassLoader())
			.forEach((name) -> {
				if (name.startsWith("dev.cacheplatform.")) {
					names.add(name);
				}
			});
		names.removeIf((name) -> Arrays.stream(hiddenPackages).anyMatch(name::startsWith));
		ClassLoader visible = new FilteredClassLoader(hiddenPackages);
		return AutoConfigurations.of(names.stream()
			.map((name) -> ClassUtils.resolveClassName(name, OptionalLibrariesTests.class.getClassLoader()))
			.filter((type) -> classConditionsMet(type, visible))
			.toArray(Class<?>[]::new));
	}

	/**
	 * What Spring Boot's auto-configuration import filter does before any other condition is read (an
	 * auto-configuration whose {@code @ConditionalOnClass} fails is not even loaded), which registering the
	 * classes directly would skip.
	 */
	private static boolean classConditionsMet(Class<?> type, ClassLoader visible) {
		MergedAnnotation<ConditionalOnClass> condition = MergedAnnotations.from(type).get(ConditionalOnClass.class);
		if (!condition.isPresent()) {
			return true;
		}
		return Stream
			.concat(Arrays.stream(condition.getClassArray("value")).map(Class::getName),
					Arrays.stream(condition.getStringArray("name")))
			.allMatch((name) -> ClassUtils.isPresent(name, visible));
	}

	/** The cache manager is ours, and {@code @Cacheable} hits come from Redis's cache database. */
	private static void assertCachesInRedis(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).getBean(CacheManager.class).isInstanceOf(CachePlatformCacheManager.class);
		CountingService service = context.getBean(CountingService.class);
		service.product(7);
		service.product(7);
		assertThat(service.productLoads()).hasValue(1);
		assertThat(server.keys(1)).contains("products::7");
	}

	/** Stores a 4 KB value and returns the compression byte of its envelope in Redis. */
	private static byte storedCompression(AssertableWebApplicationContext context) {
		context.getBean(CacheManager.class).getCache("big").put("k", BIG_VALUE);
		assertThat(context.getBean(CacheManager.class).getCache("big").get("k", String.class)).isEqualTo(BIG_VALUE);
		try (RespClient client = server.client(1)) {
			byte[] stored = client.getBytes("big::k");
			assertThat(stored).isNotNull();
			return stored[4];
		}
	}

}

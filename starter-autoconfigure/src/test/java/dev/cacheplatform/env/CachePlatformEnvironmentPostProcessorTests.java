package dev.cacheplatform.env;

import java.time.Duration;
import java.util.Map;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.connection.CachePlatformRedisProperties;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import dev.cacheplatform.session.CachePlatformSessionProperties;
import dev.cacheplatform.session.SessionStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachePlatformEnvironmentPostProcessorTests {

	@Test
	void mapsEveryContractVariableToItsProperty() {
		StandardEnvironment environment = environment(Map.ofEntries(Map.entry("REDIS_URL", "redis://cache:6379"),
				Map.entry("REDIS_HOST", "h"), Map.entry("REDIS_PORT", "6380"), Map.entry("REDIS_USERNAME", "app"),
				Map.entry("REDIS_PASSWORD", "pw"), Map.entry("REDIS_CACHE_DB", "3"), Map.entry("REDIS_SESSION_DB", "4"),
				Map.entry("CACHE_REDIS_URL", "redis://c:1"), Map.entry("SESSION_REDIS_URL", "redis://s:6378"),
				Map.entry("CACHE_HOST", "ch"), Map.entry("CACHE_PORT", "7000"), Map.entry("CACHE_PASSWORD", "cpw"),
				Map.entry("REDIS_CLUSTER_NODES", "a:1,b:2"), Map.entry("REDIS_SENTINEL_MASTER", "mymaster"),
				Map.entry("REDIS_SENTINEL_NODES", "s1:26379"), Map.entry("CACHE_PREFIX", "shop:"),
				Map.entry("CACHE_DRIVER", "redis-cluster"), Map.entry("CACHE_TTL_SECONDS", "120"),
				Map.entry("CACHE_TTLS", "products=1h, users=86400"), Map.entry("CACHE_MAX_CAPACITY", "500"),
				Map.entry("CACHE_CLEANUP_INTERVAL", "30"), Map.entry("SESSION_STORE", "memory"),
				Map.entry("SESSION_TTL", "1800"), Map.entry("CACHE_TENANT_HEADER", "X-Tenant-ID")));
		Binder binder = Binder.get(environment);
		CachePlatformRedisProperties redis = binder.bind("cache-platform.redis", CachePlatformRedisProperties.class).get();
		assertThat(redis.getUrl()).isEqualTo("redis://cache:6379");
		assertThat(redis.getHost()).isEqualTo("h");
		assertThat(redis.getPort()).isEqualTo(6380);
		assertThat(redis.getUsername()).isEqualTo("app");
		assertThat(redis.getPassword()).isEqualTo("pw");
		assertThat(redis.getDatabase()).isEqualTo(4);
		assertThat(redis.getCache().getDatabase()).isEqualTo(3);
		assertThat(redis.getCache().getUrl()).isEqualTo("redis://c:1");
		assertThat(redis.getCache().getHost()).isEqualTo("ch");
		assertThat(redis.getCache().getPort()).isEqualTo(7000);
		assertThat(redis.getCache().getPassword()).isEqualTo("cpw");
		assertThat(redis.getSession().getUrl()).isEqualTo("redis://s:6378");
		assertThat(redis.getCluster().getNodes()).containsExactly("a:1", "b:2");
		assertThat(redis.getSentinel().getMaster()).isEqualTo("mymaster");
		assertThat(redis.getSentinel().getNodes()).containsExactly("s1:26379");
		CachePlatformCacheProperties cache = binder.bind("cache-platform.cache", CachePlatformCacheProperties.class).get();
		assertThat(cache.getDriver()).isEqualTo(CacheDriver.REDIS_CLUSTER);
		assertThat(cache.getPrefix()).isEqualTo("shop:");
		assertThat(cache.getTtl()).isEqualTo(Duration.ofSeconds(120));
		assertThat(cache.getCaches().get("products").getTtl()).isEqualTo(Duration.ofHours(1));
		assertThat(cache.getCaches().get("users").getTtl()).isEqualTo(Duration.ofHours(24));
		assertThat(cache.getMaxCapacity()).isEqualTo(500);
		assertThat(cache.getCleanupInterval()).isEqualTo(Duration.ofSeconds(30));
		CachePlatformSessionProperties session = binder.bind("cache-platform.session", CachePlatformSessionProperties.class)
			.get();
		assertThat(session.getStore()).isEqualTo(SessionStore.MEMORY);
		assertThat(session.getTimeout()).isEqualTo(Duration.ofMinutes(30));
		assertThat(environment.getProperty("cache-platform.tenant.header")).isEqualTo("X-Tenant-ID");
	}

	@Test
	void environmentVariablesOverrideApplicationYmlButNotSystemProperties() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml",
					Map.of("cache-platform.cache.prefix", "from-yml:", "cache-platform.cache.driver", "none",
							"cache-platform.redis.host", "yml-host")));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new MapPropertySource(
					StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of("cache-platform.cache.driver", "memory")));
		EnvironmentVariablesInitializer.apply(environment, Map.of("CACHE_PREFIX", "from-env:", "CACHE_DRIVER", "redis"));
		assertThat(environment.getProperty("cache-platform.cache.prefix")).isEqualTo("from-env:");
		assertThat(environment.getProperty("cache-platform.cache.driver")).isEqualTo("memory");
		assertThat(environment.getProperty("cache-platform.redis.host")).isEqualTo("yml-host");
	}

	@Test
	void primaryNameWinsOverAliasAndAliasWorksAlone() {
		assertThat(environment(Map.of("REDIS_SESSION_DB", "2", "REDIS_DB", "5")).getProperty("cache-platform.redis.database"))
			.isEqualTo("2");
		assertThat(environment(Map.of("REDIS_DB", "5")).getProperty("cache-platform.redis.database")).isEqualTo("5");
		assertThat(environment(Map.of("REDIS_PREFIX", "legacy:")).getProperty("cache-platform.cache.prefix"))
			.isEqualTo("legacy:");
		assertThat(environment(Map.of("CACHE_PREFIX", "new:", "REDIS_PREFIX", "legacy:"))
			.getProperty("cache-platform.cache.prefix")).isEqualTo("new:");
	}

	@Test
	void blankVariablesCountAsUnset() {
		StandardEnvironment environment = environment(Map.of("REDIS_PASSWORD", "", "REDIS_HOST", "   "));
		assertThat(environment.getProperty("cache-platform.redis.password")).isNull();
		assertThat(environment.getProperty("cache-platform.redis.host")).isNull();
		assertThat(environment.getPropertySources().contains(CachePlatformEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void bootsLocalhostRedisHealthCheckIsOffOnlyWhileNoRedisIsRequested() {
		assertThat(environment(Map.of()).getProperty("management.health.redis.enabled")).isEqualTo("false");
		assertThat(environment(Map.of("REDIS_URL", "redis://h")).getProperty("management.health.redis.enabled")).isNull();
		assertThat(environment(Map.of("CACHE_DRIVER", "redis")).getProperty("management.health.redis.enabled")).isNull();
		assertThat(environment(Map.of("SESSION_STORE", "redis")).getProperty("management.health.redis.enabled"))
			.isNull();
	}

	@Test
	void ttlZeroMeansNoExpiryAndDurationsPassThrough() {
		Binder binder = Binder.get(environment(Map.of("CACHE_TTL_SECONDS", "0", "SESSION_TTL", "45m")));
		assertThat(binder.bind("cache-platform.cache.ttl", Duration.class).get()).isZero();
		assertThat(binder.bind("cache-platform.session.timeout", Duration.class).get()).isEqualTo(Duration.ofMinutes(45));
	}

	@Test
	void mappedPropertiesNameTheVariableTheyCameFrom() {
		StandardEnvironment environment = environment(Map.of("REDIS_CACHE_DB", "3", "CACHE_TTLS", "products=1h"));
		assertThat(SettingNames.describe(environment, "cache-platform.redis.cache.database"))
			.isEqualTo("REDIS_CACHE_DB (cache-platform.redis.cache.database)");
		assertThat(SettingNames.describe(environment, "cache-platform.cache.caches[products].ttl"))
			.startsWith("CACHE_TTLS");
	}

	@Test
	void perCacheTtlEntryWithoutEqualsIsRejectedNamingTheVariable() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> environment(Map.of("CACHE_TTLS", "products=1h,users")))
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("CACHE_TTLS");
				assertThat(ex.getProblem()).contains("'users'");
				assertThat(ex.getAccepted()).contains("<cache-name>=<ttl>");
			});
	}

	@Test
	void cacheNamesWithDotsKeepTheirName() {
		Binder binder = Binder.get(environment(Map.of("CACHE_TTLS", "user.profile=10m")));
		CachePlatformCacheProperties cache = binder.bind("cache-platform.cache", CachePlatformCacheProperties.class).get();
		assertThat(cache.getCaches()).containsOnlyKeys("user.profile");
		assertThat(cache.getCaches().get("user.profile").getTtl()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void withTheMemcachedDriverCacheHostPortAndPasswordNameTheMemcachedServerNotARedisRole() {
		StandardEnvironment environment = environment(Map.of("CACHE_DRIVER", "memcached", "CACHE_HOST", "mc",
				"CACHE_PORT", "11311", "CACHE_PASSWORD", "secret", "MEMCACHED_USERNAME", "app"));
		assertThat(environment.getProperty("cache-platform.memcached.host")).isEqualTo("mc");
		assertThat(environment.getProperty("cache-platform.memcached.port")).isEqualTo("11311");
		assertThat(environment.getProperty("cache-platform.memcached.password")).isEqualTo("secret");
		assertThat(environment.getProperty("cache-platform.memcached.username")).isEqualTo("app");
		assertThat(environment.getProperty("cache-platform.redis.cache.host")).isNull();
		assertThat(environment.getProperty("cache-platform.redis.cache.port")).isNull();
		assertThat(RedisLocation.isRequested(environment, null)).isFalse();
		assertThat(SettingNames.describe(environment, "cache-platform.memcached.host"))
			.isEqualTo("CACHE_HOST (cache-platform.memcached.host)");
	}

	@Test
	void withoutTheMemcachedDriverCacheHostStaysTheRedisCacheRole() {
		StandardEnvironment environment = environment(Map.of("CACHE_HOST", "rc", "CACHE_URL", "memcached://mc:11211"));
		assertThat(environment.getProperty("cache-platform.redis.cache.host")).isEqualTo("rc");
		assertThat(environment.getProperty("cache-platform.memcached.host")).isNull();
	}

	@Test
	void withTheMemcachedDriverXmemcachedsReconnectStackTracesAreOffUnlessTheAppSetsTheirLevel() {
		assertThat(environment(Map.of("CACHE_DRIVER", "memcached")).getProperty("logging.level.com.google.code.yanf4j"))
			.isEqualTo("OFF");
		assertThat(environment(Map.of("CACHE_DRIVER", "redis")).getProperty("logging.level.com.google.code.yanf4j"))
			.isNull();
		StandardEnvironment own = new StandardEnvironment();
		own.getPropertySources()
			.addFirst(new MapPropertySource("app", Map.of("logging.level.com.google.code.yanf4j", "ERROR")));
		EnvironmentVariablesInitializer.apply(own, Map.of("CACHE_DRIVER", "memcached"));
		assertThat(own.getProperty("logging.level.com.google.code.yanf4j")).isEqualTo("ERROR");
	}

	@Test
	void memcachedUrlWinsOverCacheUrl() {
		StandardEnvironment environment = environment(Map.of("CACHE_DRIVER", "memcached", "CACHE_URL",
				"memcached://a:1", "MEMCACHED_URL", "memcached://b:2"));
		assertThat(environment.getProperty("cache-platform.memcached.url")).isEqualTo("memcached://b:2");
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		EnvironmentVariablesInitializer.apply(environment, variables);
		return environment;
	}

}

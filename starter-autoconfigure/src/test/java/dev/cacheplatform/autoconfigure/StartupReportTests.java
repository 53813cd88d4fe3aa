package dev.cacheplatform.autoconfigure;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app that adds the starter but keeps stock Boot's {@code spring.cache.type} gets Boot's caching, as
 * the property asks; the startup log says so at WARN, with the fix, instead of leaving the user to
 * wonder why CACHE_* settings do nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformAutoConfiguration.class))
		.withUserConfiguration(Caching.class);

	@Test
	void stockCacheTypeKeptFromTheOldSetupIsReportedAsAWarningWithTheFix(CapturedOutput output) {
		this.runner.withPropertyValues("spring.cache.type=simple").run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(output).containsPattern("WARN .*Cache Platform cache: not in use: spring.cache.type=simple "
					+ "hands caching to Spring Boot's org.springframework.cache.concurrent.ConcurrentMapCacheManager")
				.contains("remove spring.cache.type to use Cache Platform's");
		});
	}

	@Test
	void ownCacheManagerBeanIsReportedWithoutAWarning(CapturedOutput output) {
		this.runner.withBean(CacheManager.class, ConcurrentMapCacheManager::new).run((context) -> {
			assertThat(output).containsPattern("INFO .*Cache Platform cache: not in use; the application's "
					+ "org.springframework.cache.concurrent.ConcurrentMapCacheManager bean serves caching");
			assertThat(output).doesNotContain("WARN");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Caching {

	}

}

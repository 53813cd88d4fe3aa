package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheDriver;
import dev.cacheplatform.cache.CachePlatformCacheProperties.ValueCompression;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * What the caches do when an optional library is not on the application's class path, decided with the
 * application's bean class loader: compression falls back to none when LZ4 was only the default, and a
 * setting that names a missing library stops startup with a report naming the setting and the library.
 */
final class OptionalLibraries {

	/** Resilience4j's circuit breaker, which the Redis drivers' fault handling is built on. */
	static final String CIRCUIT_BREAKER = "io.github.resilience4j.circuitbreaker.CircuitBreaker";

	static final String COMPRESSION_PROPERTY = "cache-platform.cache.serialization.compression";

	private static final String LZ4 = "net.jpountz.lz4.LZ4Factory";

	private static final String ZSTD = "com.github.luben.zstd.Zstd";

	private static final Log logger = LogFactory.getLog(CachePlatformCacheAutoConfiguration.class);

	private OptionalLibraries() {
	}

	/**
	 * Returns the compression to use: the configured one when its library is present, else none if it was
	 * only the default.
	 * @param configured the configured compression
	 * @param beanFactory the application's bean factory (its class loader and environment)
	 * @return the compression whose library is present
	 * @throws InvalidSettingException if the compression was set explicitly and its library is missing
	 */
	static ValueCompression compression(ValueCompression configured, BeanFactory beanFactory) {
		String library = switch (configured) {
			case LZ4 -> LZ4;
			case ZSTD -> ZSTD;
			case NONE -> null;
		};
		if (library == null || ClassUtils.isPresent(library, classLoader(beanFactory))) {
			return configured;
		}
		String artifact = (configured == ValueCompression.LZ4) ? "at.yawk.lz4:lz4-java" : "com.github.luben:zstd-jni";
		Environment environment = beanFactory.getBean(Environment.class);
		if (environment.containsProperty(COMPRESSION_PROPERTY)) {
			throw new InvalidSettingException(SettingNames.describe(environment, COMPRESSION_PROPERTY),
					configured.name().toLowerCase(java.util.Locale.ROOT),
					artifact + " is not on the class path", "none, or add " + artifact);
		}
		logger.warn("Cache values are stored uncompressed: " + artifact + " is not on the class path (set "
				+ COMPRESSION_PROPERTY + "=none to silence this)");
		return ValueCompression.NONE;
	}

	private static ClassLoader classLoader(BeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		return (classLoader != null) ? classLoader : OptionalLibraries.class.getClassLoader();
	}

	/**
	 * Stops startup when a Redis driver is chosen without Resilience4j, whose circuit breaker keeps a failing
	 * Redis from failing requests: the report names the library instead of a {@code NoClassDefFoundError}.
	 * @param environment the environment, to name the setting as the user gave it
	 * @param driver the driver in effect
	 * @return the exception to throw
	 */
	static InvalidSettingException circuitBreakerMissing(Environment environment, CacheDriver driver) {
		return new InvalidSettingException(SettingNames.describe(environment, "cache-platform.cache.driver"),
				driver.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
				"the Redis drivers need io.github.resilience4j:resilience4j-circuitbreaker on the class path",
				"memory or none, or add io.github.resilience4j:resilience4j-circuitbreaker");
	}

}

package dev.cacheplatform.cache.redis;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.cacheplatform.cache.StockCacheSettings;
import dev.cacheplatform.codec.ValueUnreadableException;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheManager.RedisCacheManagerBuilder;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * What an application configured for stock Spring Data Redis caching, as it applies to our Redis driver:
 * its {@code RedisCacheConfiguration} bean, or the configuration Spring Boot would have built from
 * {@code spring.cache.redis.*}, passed through its {@code RedisCacheManagerBuilderCustomizer} beans exactly
 * as Boot does. From the result, per cache:
 * <ul>
 * <li>the TTL function and null handling apply unless our own settings fix them (ours win);</li>
 * <li>a value serializer other than Java serialization (the stock default) is honoured: the application
 * asked for it. Stock's default is replaced by our codec, which also reads Java-serialized entries;</li>
 * <li>key serializer and conversion service are kept;</li>
 * <li>the key prefix follows our fixed layout {@code <prefix><cache>::<key>}: a prefix function of the form
 * {@code <P><cache>::} (what {@code prefixCacheNameWith(P)} and {@code spring.cache.redis.key-prefix}
 * produce) supplies the prefix P unless CACHE_PREFIX is set; another function is ignored with a warning;
 * {@code disableKeyPrefix()} is refused at startup.</li>
 * </ul>
 * Builder flags that concern Spring's {@code RedisCacheManager} itself ({@code transactionAware},
 * {@code disableCreateOnMissingCache}, {@code enableStatistics} from a customizer, time-to-idle) do not
 * apply to ours. Caches named by {@code initialCacheNames} or {@code withCacheConfiguration} are created at
 * startup.
 */
public final class StockRedisCacheConfigurations {

	private static final Log logger = LogFactory.getLog(StockRedisCacheConfigurations.class);

	private static final String PROBE = "cache-platform-probe-";

	private final @Nullable RedisCacheConfiguration defaults;

	private final Map<String, RedisCacheConfiguration> perCache;

	private final Set<String> cacheNames;

	private final String prefix;

	private StockRedisCacheConfigurations(@Nullable RedisCacheConfiguration defaults,
			Map<String, RedisCacheConfiguration> perCache, Set<String> cacheNames, String prefix) {
		this.defaults = defaults;
		this.perCache = perCache;
		this.cacheNames = cacheNames;
		this.prefix = prefix;
	}

	/**
	 * @param prefix the key prefix
	 * @return no stock configuration: our settings alone
	 */
	public static StockRedisCacheConfigurations none(String prefix) {
		return new StockRedisCacheConfigurations(null, Map.of(), Set.of(), prefix);
	}

	/**
	 * Runs the application's stock configuration as Spring Boot would.
	 * @param bean the application's {@code RedisCacheConfiguration} bean, if any
	 * @param customizers applies the application's {@code RedisCacheManagerBuilderCustomizer} beans in order
	 * @param settings the stock {@code spring.cache.*} settings and ours; records what was read
	 * @return the configurations that apply to our caches
	 * @throws InvalidSettingException if a configuration disables the key prefix
	 */
	public static StockRedisCacheConfigurations create(@Nullable RedisCacheConfiguration bean,
			Consumer<RedisCacheManagerBuilder> customizers, StockCacheSettings settings) {
		RedisCacheConfiguration initial = (bean != null) ? bean : fromProperties(settings);
		RedisCacheManagerBuilder builder = RedisCacheManager.builder().cacheDefaults(initial);
		if (!settings.cacheNames().isEmpty()) {
			builder.initialCacheNames(new LinkedHashSet<>(settings.cacheNames()));
		}
		customizers.accept(builder);
		RedisCacheConfiguration finalDefaults = builder.cacheDefaults();
		RedisCacheConfiguration defaults = (bean != null || finalDefaults != initial) ? finalDefaults : null;
		if (bean != null) {
			settings.noteRead("RedisCacheConfiguration bean");
		}
		if (finalDefaults != initial) {
			settings.noteRead("RedisCacheManagerBuilderCustomizer cache defaults");
		}
		Map<String, RedisCacheConfiguration> perCache = new LinkedHashMap<>();
		Set<String> names = new LinkedHashSet<>();
		for (String name : builder.getConfiguredCaches()) {
			names.add(name);
			RedisCacheConfiguration configuration = builder.getCacheConfigurationFor(name).orElse(finalDefaults);
			if (configuration != initial && configuration != finalDefaults) {
				perCache.put(name, configuration);
				settings.noteRead("RedisCacheManagerBuilderCustomizer configuration of cache '" + name + "'");
			}
		}
		if (defaults != null) {
			requirePrefix(defaults, "the cache defaults");
		}
		perCache.forEach((name, configuration) -> requirePrefix(configuration, "the cache '" + name + "'"));
		String prefix = settings.prefix();
		if (defaults != null && !settings.prefixConfigured()) {
			String stockPrefix = layoutPrefix(defaults);
			if (stockPrefix != null) {
				prefix = stockPrefix;
			}
			else {
				logger.warn("The key prefix function of the application's RedisCacheConfiguration does not produce "
						+ "'<prefix><cache>::' (for the cache 'products' it gives '" + defaults.getKeyPrefixFor("products")
						+ "'); Cache Platform keeps its fixed key layout '<prefix><cache>::<key>' with prefix '" + prefix
						+ "', so entries stored under the old keys are misses and are recomputed once. Set "
						+ "CACHE_PREFIX (cache-platform.cache.prefix) to choose the prefix");
			}
		}
		return new StockRedisCacheConfigurations(defaults, perCache, names, prefix);
	}

	private static RedisCacheConfiguration fromProperties(StockCacheSettings settings) {
		RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl(settings.ttl())
			.prefixCacheNameWith(settings.prefix());
		return settings.cacheNullValues() ? configuration : configuration.disableCachingNullValues();
	}

	private static void requirePrefix(RedisCacheConfiguration configuration, String which) {
		if (!configuration.usePrefix()) {
			throw new InvalidSettingException("the application's RedisCacheConfiguration (" + which + ")",
					"disableKeyPrefix()",
					"Cache Platform keeps every cache entry under '<prefix><cache>::<key>' so that entries of different "
							+ "caches never collide and clearing a cache removes only its own keys; bare keys cannot be "
							+ "told apart from other data in the database",
					"a RedisCacheConfiguration without disableKeyPrefix(); set CACHE_PREFIX "
							+ "(cache-platform.cache.prefix) for a namespace");
		}
	}

	/** @return P when the configuration's prefix function is {@code name -> P + name + "::"}, else null */
	private static @Nullable String layoutPrefix(RedisCacheConfiguration configuration) {
		String first = configuration.getKeyPrefixFor(PROBE + "a");
		String second = configuration.getKeyPrefixFor(PROBE + "b");
		if (!first.endsWith(PROBE + "a::") || !second.endsWith(PROBE + "b::")) {
			return null;
		}
		String prefix = first.substring(0, first.length() - (PROBE + "a::").length());
		return second.equals(prefix + PROBE + "b::") ? prefix : null;
	}

	/** @return the key prefix in effect for every cache */
	public String prefix() {
		return this.prefix;
	}

	/** @return caches the stock configuration names, to create at startup */
	public Set<String> cacheNames() {
		return this.cacheNames;
	}

	/**
	 * @param cacheName a cache name
	 * @return the application's configuration of that cache (its own, else the defaults), or {@code null} when
	 * only our settings apply
	 */
	public @Nullable RedisCacheConfiguration configurationFor(String cacheName) {
		RedisCacheConfiguration own = this.perCache.get(cacheName);
		return (own != null) ? own : this.defaults;
	}

	/**
	 * @param configuration an application's configuration
	 * @return whether its values are written with Java serialization, stock Spring's default, which our codec
	 * replaces
	 */
	static boolean usesJavaSerialization(RedisCacheConfiguration configuration) {
		try {
			ByteBuffer written = configuration.getValueSerializationPair().write("probe");
			return written.remaining() >= 2 && (written.get(written.position()) & 0xFF) == 0xAC
					&& (written.get(written.position() + 1) & 0xFF) == 0xED;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * @param pair the application's value serialization
	 * @return the same, with read failures reported as unreadable entries (a miss; the key is deleted)
	 */
	static SerializationPair<Object> unreadableAware(SerializationPair<Object> pair) {
		return SerializationPair.just((buffer) -> {
			try {
				return pair.read(buffer);
			}
			catch (RuntimeException ex) {
				throw new ValueUnreadableException(
						"the application's value serializer cannot read the stored bytes (" + ex.getClass().getName() + ")",
						ex);
			}
		}, pair.getWriter());
	}

}

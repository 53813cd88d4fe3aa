package dev.cacheplatform.cache.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.CaffeineSpec;
import dev.cacheplatform.diagnostics.InvalidSettingException;
import dev.cacheplatform.diagnostics.SettingNames;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Stock Spring Boot's {@code spring.cache.caffeine.spec} read for the memory driver. The spec is first
 * validated by Caffeine itself, so a bad spec fails with Caffeine's own message. Of its keys,
 * {@code maximumSize} bounds our single store (in stock Spring it bounds each cache; ours bounds all of them
 * together, so that tenants cannot multiply memory), {@code expireAfterWrite} becomes the default TTL, and
 * {@code expireAfterAccess} the default TTL counted from each read. The other keys (weak or soft
 * references, {@code refreshAfterWrite}, {@code recordStats}, {@code initialCapacity},
 * {@code maximumWeight}) do not apply to our store and are listed as ignored.
 *
 * @param spec the spec as written
 * @param maximumSize its {@code maximumSize}, if any
 * @param expireAfterWrite its {@code expireAfterWrite}, if any
 * @param expireAfterAccess its {@code expireAfterAccess}, if any
 * @param ignored the keys that do not apply
 */
public record StockCaffeineSpec(String spec, @Nullable Long maximumSize, @Nullable Duration expireAfterWrite,
		@Nullable Duration expireAfterAccess, List<String> ignored) {

	/** Stock Spring Boot's property. */
	public static final String PROPERTY = "spring.cache.caffeine.spec";

	/**
	 * Reads {@code spring.cache.caffeine.spec}.
	 * @param environment the environment
	 * @return the spec, or {@code null} when the property is not set
	 * @throws InvalidSettingException if Caffeine refuses the spec
	 */
	public static @Nullable StockCaffeineSpec read(Environment environment) {
		String spec = environment.getProperty(PROPERTY);
		if (spec == null || spec.isBlank()) {
			return null;
		}
		try {
			CaffeineSpec.parse(spec);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(SettingNames.describe(environment, PROPERTY), spec, ex.getMessage(),
					"a Caffeine spec such as 'maximumSize=500,expireAfterWrite=10m'");
		}
		Long maximumSize = null;
		Duration expireAfterWrite = null;
		Duration expireAfterAccess = null;
		List<String> ignored = new ArrayList<>();
		for (String option : spec.split(",")) {
			String[] keyAndValue = option.trim().split("=", 2);
			String key = keyAndValue[0].trim();
			String value = (keyAndValue.length > 1) ? keyAndValue[1].trim() : "";
			switch (key) {
				case "maximumSize" -> maximumSize = Long.parseLong(value);
				case "expireAfterWrite" -> expireAfterWrite = duration(value);
				case "expireAfterAccess" -> expireAfterAccess = duration(value);
				case "" -> {
				}
				default -> ignored.add(key);
			}
		}
		return new StockCaffeineSpec(spec, maximumSize, expireAfterWrite, expireAfterAccess, List.copyOf(ignored));
	}

	/**
	 * @return the default TTL the spec asks for ({@code expireAfterWrite}, else {@code expireAfterAccess})
	 */
	public @Nullable Duration ttl() {
		return (this.expireAfterWrite != null) ? this.expireAfterWrite : this.expireAfterAccess;
	}

	/** @return whether entries expire counted from their last read rather than their write */
	public boolean expiresAfterAccess() {
		return this.expireAfterWrite == null && this.expireAfterAccess != null;
	}

	/** Caffeine's duration syntax: a number and one of d, h, m, s, or an ISO-8601 duration. */
	private static Duration duration(String value) {
		if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
			return Duration.parse(value);
		}
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
			case 'd' -> Duration.ofDays(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'm' -> Duration.ofMinutes(amount);
			default -> Duration.ofSeconds(amount);
		};
	}

}

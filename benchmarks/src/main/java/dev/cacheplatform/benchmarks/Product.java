package dev.cacheplatform.benchmarks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The cached value of every benchmark: a small catalogue entry, {@code Serializable} so stock Spring Data
 * Redis (JDK serialization) can store it too.
 *
 * @param id the id
 * @param name the name
 * @param price the price
 * @param tags the tags
 * @param createdAt when it was created
 */
public record Product(long id, String name, BigDecimal price, List<String> tags, Instant createdAt)
		implements Serializable {

	/** The key every benchmark reads: {@code products::42} in Redis. */
	public static final Long KEY = 42L;

	/** @return the value stored under {@link #KEY} */
	public static Product sample() {
		return new Product(KEY, "Espresso machine, stainless steel, 15 bar", new BigDecimal("249.90"),
				List.of("kitchen", "coffee", "appliances"), Instant.parse("2025-01-15T10:15:30.123456Z"));
	}

}

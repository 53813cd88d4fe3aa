package dev.cacheplatform.benchmarks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A realistic cached value of about 900 bytes: eleven fields, a 352-character English description and
 * five tags: what {@link EntrySize} stores. Kept equal to the codec tests' fixture of the same name.
 */
public record CatalogueItem(long id, String sku, String name, String description, BigDecimal price, String currency,
		List<String> tags, Instant createdAt, Instant updatedAt, boolean active, int stock) implements Serializable {

	/** 352 characters. */
	public static final String DESCRIPTION = "A compact espresso machine with a 15-bar pump, a stainless steel "
			+ "boiler and a steam wand for milk. It heats up in under a minute, keeps the water at a steady "
			+ "temperature while you pull a shot, and turns itself off after twenty minutes. The drip tray and "
			+ "the water tank come out for cleaning. Ships with a tamper, 2 filter baskets and a measuring spoon.";

	/** @return the sample every size measurement uses */
	public static CatalogueItem sample() {
		return new CatalogueItem(42L, "ESP-1500-SS", "Espresso machine, stainless steel, 15 bar", DESCRIPTION,
				new BigDecimal("249.90"), "EUR", List.of("kitchen", "coffee", "espresso", "appliances", "gift"),
				Instant.parse("2025-01-15T10:15:30.123456Z"), Instant.parse("2025-06-02T08:45:12.654321Z"), true, 17);
	}

}

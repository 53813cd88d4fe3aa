package dev.cacheplatform.cache.values.shop;

import java.time.LocalDate;

/**
 * A record holding arrays, which records compare by identity: only a field-by-field comparison sees
 * that they came back.
 *
 * @param label the label
 * @param products the products on it
 * @param counts how many of each
 * @param restockedOn the restock dates
 */
public record Shelf(String label, ProductSummary[] products, int[] counts, LocalDate[] restockedOn) {
}

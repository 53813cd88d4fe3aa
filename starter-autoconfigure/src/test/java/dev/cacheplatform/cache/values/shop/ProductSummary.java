package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.util.List;

/**
 * A projection of a product, as a record.
 *
 * @param id the id
 * @param name the name
 * @param price the price
 * @param category the category
 * @param tags the tags, sorted
 */
public record ProductSummary(long id, String name, BigDecimal price, Category category, List<String> tags) {

	static ProductSummary of(Product product) {
		return new ProductSummary(product.getId(), product.getName(), product.getPrice(), product.getCategory(),
				product.getTags());
	}

}

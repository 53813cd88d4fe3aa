package dev.cacheplatform.sample.catalogue;

import java.util.List;

import dev.cacheplatform.sample.NotFoundException;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The product catalogue, cached for 1 hour ({@code cache-platform.cache.caches.products.ttl} and
 * {@code .catalogue.ttl}), the seed's lifetime for cached database queries.
 */
@Service
public class CatalogueService {

	/** The cache of products by SKU. */
	public static final String PRODUCTS = "products";

	/** The cache of the whole catalogue, under the key {@code all}. */
	public static final String CATALOGUE = "catalogue";

	private final ProductRepository repository;

	CatalogueService(ProductRepository repository) {
		this.repository = repository;
	}

	/**
	 * @param sku the product's SKU
	 * @return the product; read from the database only when not cached
	 * @throws NotFoundException if there is no such product
	 */
	@Cacheable(PRODUCTS)
	public Product product(String sku) {
		return this.repository.findById(sku).orElseThrow(() -> new NotFoundException("product " + sku));
	}

	/**
	 * @return every product, by SKU; read from the database only when not cached
	 */
	@Cacheable(cacheNames = CATALOGUE, key = "'all'")
	public List<Product> catalogue() {
		return this.repository.findAllByOrderBySku();
	}

}

package dev.cacheplatform.cache;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service the tests cache through, counting how often each method really runs.
 */
public class CountingService {

	private final AtomicInteger productLoads = new AtomicInteger();

	private final AtomicInteger nullLoads = new AtomicInteger();

	/** @return how often {@link #product} really ran (a method, so it works through the caching proxy) */
	public AtomicInteger productLoads() {
		return this.productLoads;
	}

	/** @return how often {@link #nothing} really ran */
	public AtomicInteger nullLoads() {
		return this.nullLoads;
	}

	/**
	 * @param id the id
	 * @return a product
	 */
	@Cacheable("products")
	public Product product(long id) {
		this.productLoads.incrementAndGet();
		return new Product(id, "product-" + id, new BigDecimal("9.90"));
	}

	/**
	 * @param id the id
	 * @return nothing
	 */
	@Cacheable("lookups")
	public @Nullable String nothing(long id) {
		this.nullLoads.incrementAndGet();
		return null;
	}

	/**
	 * @param id the id to evict
	 */
	@CacheEvict("products")
	public void evict(long id) {
	}

	/** Clears the products cache of the current tenant. */
	@CacheEvict(cacheNames = "products", allEntries = true)
	public void clearAll() {
	}

	/**
	 * A cached value.
	 * @param id the id
	 * @param name the name
	 * @param price the price
	 */
	public record Product(long id, String name, BigDecimal price) {
	}

}

package dev.cacheplatform.cache.values.shop;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

/** Products. */
public interface ProductRepository extends JpaRepository<Product, Long> {

	/**
	 * @param category the category
	 * @param pageable the page
	 * @return a slice of the category's products
	 */
	Slice<Product> findByCategory(Category category, Pageable pageable);

	/**
	 * @param category the category
	 * @param pageable the page
	 * @return a page of the category's products
	 */
	Page<Product> findAllByCategory(Category category, Pageable pageable);

	/**
	 * @return every product, by name
	 */
	List<Product> findAllByOrderByNameAsc();

}

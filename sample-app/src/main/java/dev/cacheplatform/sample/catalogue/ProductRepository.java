package dev.cacheplatform.sample.catalogue;

import java.util.List;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The catalogue's products by SKU.
 */
public interface ProductRepository extends JpaRepository<Product, String> {

	/**
	 * @return every product, by SKU, with its tags and prices in the same query
	 */
	@EntityGraph(attributePaths = { "tags", "prices" })
	List<Product> findAllByOrderBySku();

}

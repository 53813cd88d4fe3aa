package dev.cacheplatform.sample.catalogue;

import java.util.List;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.EntityGraph.EntityGraphType;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The catalogue's products by SKU.
 */
public interface ProductRepository extends JpaRepository<Product, String> {

	/**
	 * @return every product, by SKU, with its tags in the same query (its prices are read by a query of
	 * their own: joining both collections at once would repeat each price once per tag)
	 */
	@EntityGraph(attributePaths = "tags", type = EntityGraphType.LOAD)
	List<Product> findAllByOrderBySku();

}

package dev.cacheplatform.sample.catalogue;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /products} and {@code GET /products/{sku}}, both cached.
 */
@RestController
class CatalogueController {

	private final CatalogueService catalogue;

	CatalogueController(CatalogueService catalogue) {
		this.catalogue = catalogue;
	}

	@GetMapping("/products")
	List<Product> catalogue() {
		return this.catalogue.catalogue();
	}

	@GetMapping("/products/{sku}")
	Product product(@PathVariable String sku) {
		return this.catalogue.product(sku);
	}

}

package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.cacheplatform.cache.values.partner.PartnerOffer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The shop's HTTP API, answering from the cached service. */
@RestController
class ShopController {

	private final ShopService shop;

	ShopController(ShopService shop) {
		this.shop = shop;
	}

	@GetMapping("/products/{id}")
	Map<String, Object> product(@PathVariable long id) {
		Product product = this.shop.product(id);
		return Map.of("name", product.getName(), "tags", product.getTags(), "reviews", product.getReviews());
	}

	@GetMapping("/orders/{id}")
	Map<String, Object> order(@PathVariable long id) {
		PurchaseOrder order = this.shop.order(id);
		List<String> lines = order.getLines().stream().map((line) -> line.getQuantity() + " x " + line.getProduct()).toList();
		return Map.of("customer", order.getCustomer(), "lines", lines, "total", order.getTotal());
	}

	@GetMapping("/money/{currency}")
	Map<String, Object> money(@PathVariable String currency) {
		Money money = this.shop.money(currency);
		return Map.of("amount", money.amount(), "currency", money.currency().getCurrencyCode());
	}

	@GetMapping("/offers/{code}")
	Map<String, Object> offer(@PathVariable String code) {
		PartnerOffer offer = this.shop.offer(code);
		return Map.of("code", offer.code(), "discount", offer.discount());
	}

	@GetMapping("/quotes/{product}")
	Map<String, Object> quote(@PathVariable String product) {
		LiveQuote quote = this.shop.quote(product);
		BigDecimal price = quote.getPrice();
		return Map.of("product", quote.getProduct(), "price", price);
	}

}

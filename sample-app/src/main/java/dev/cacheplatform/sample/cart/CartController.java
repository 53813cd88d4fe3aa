package dev.cacheplatform.sample.cart;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.cacheplatform.sample.catalogue.CatalogueService;
import dev.cacheplatform.sample.catalogue.Product;
import dev.cacheplatform.sample.company.CompanySettingsService;
import dev.cacheplatform.sample.rates.ExchangeRateService;
import dev.cacheplatform.sample.user.SignedInUser;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The cart in the session: {@code GET /cart}, {@code POST /cart/items} with
 * {@code {"sku": "NB-13", "quantity": 2}}, {@code DELETE /cart/items/NB-13}. Prices are in the
 * currency of the signed-in user's company (USD when nobody is signed in): the product's list price in
 * that currency, else its USD price at the current exchange rate. Adding a product reads three
 * caches: the company's settings, the product and, when converting, the rate.
 */
@RestController
class CartController {

	private static final String BASE_CURRENCY = "USD";

	private final CatalogueService catalogue;

	private final CompanySettingsService companies;

	private final ExchangeRateService rates;

	CartController(CatalogueService catalogue, CompanySettingsService companies, ExchangeRateService rates) {
		this.catalogue = catalogue;
		this.companies = companies;
		this.rates = rates;
	}

	@GetMapping("/cart")
	CartView cart(HttpSession session) {
		return CartView.of(current(session));
	}

	@PostMapping("/cart/items")
	CartView add(@RequestBody NewItem item, HttpSession session) {
		String sku = item.sku();
		int quantity = (item.quantity() != null) ? item.quantity() : 1;
		if (sku == null || sku.isBlank() || quantity < 1 || quantity > 1000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "sku is required and quantity must be 1 to 1000");
		}
		Cart cart = current(session);
		Product product = this.catalogue.product(sku);
		Cart changed = cart.add(new Cart.Line(product.getSku(), product.getName(), quantity, unitPrice(product, cart.currency())));
		session.setAttribute(Cart.ATTRIBUTE, changed);
		return CartView.of(changed);
	}

	@DeleteMapping("/cart/items/{sku}")
	CartView remove(@PathVariable String sku, HttpSession session) {
		Cart changed = current(session).remove(sku);
		session.setAttribute(Cart.ATTRIBUTE, changed);
		return CartView.of(changed);
	}

	private Cart current(HttpSession session) {
		Cart cart = (Cart) session.getAttribute(Cart.ATTRIBUTE);
		if (cart != null) {
			return cart;
		}
		String currency = SignedInUser.of(session)
			.map((user) -> this.companies.settings(user.companyId()).getCurrency())
			.orElse(BASE_CURRENCY);
		return Cart.empty(currency);
	}

	private BigDecimal unitPrice(Product product, String currency) {
		return product.price(currency).map(Product.Price::amount).orElseGet(() -> {
			Product.Price base = product.price(BASE_CURRENCY)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "product has no price"));
			BigDecimal rate = this.rates.rate(BASE_CURRENCY + "-" + currency).getRate();
			return base.amount().multiply(rate).setScale(2, RoundingMode.HALF_UP);
		});
	}

	record NewItem(@Nullable String sku, @Nullable Integer quantity) {
	}

	/**
	 * The cart as the client sees it.
	 * @param currency the currency of all prices
	 * @param lines the lines
	 * @param total the sum
	 */
	record CartView(String currency, java.util.List<Cart.Line> lines, BigDecimal total) {

		static CartView of(Cart cart) {
			return new CartView(cart.currency(), cart.lines(), cart.total());
		}

	}

}

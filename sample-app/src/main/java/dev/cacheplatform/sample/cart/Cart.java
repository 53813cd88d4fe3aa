package dev.cacheplatform.sample.cart;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A shopping cart as kept in the HTTP session. Immutable: every change makes a new cart that is set
 * on the session again, which is how a session store learns that an attribute changed (mutating an
 * object held by the session would be lost with any store but the in-memory one).
 * @param currency the currency of every price in the cart
 * @param lines the lines, in the order they were added
 */
public record Cart(String currency, List<Line> lines) implements Serializable {

	/** The session attribute that holds the cart. */
	public static final String ATTRIBUTE = "cart";

	public Cart {
		lines = List.copyOf(lines);
	}

	/**
	 * @param currency the currency of the cart's prices
	 * @return an empty cart
	 */
	public static Cart empty(String currency) {
		return new Cart(currency, List.of());
	}

	/**
	 * @return the sum of all lines
	 */
	public BigDecimal total() {
		return this.lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/**
	 * Adds a quantity of a product; a product already in the cart gets one line with the sum.
	 * @param added the line to add
	 * @return the new cart
	 */
	public Cart add(Line added) {
		List<Line> changed = new ArrayList<>();
		boolean merged = false;
		for (Line line : this.lines) {
			if (line.sku().equals(added.sku())) {
				changed.add(new Line(line.sku(), line.name(), line.quantity() + added.quantity(), added.unitPrice()));
				merged = true;
			}
			else {
				changed.add(line);
			}
		}
		if (!merged) {
			changed.add(added);
		}
		return new Cart(this.currency, changed);
	}

	/**
	 * @param sku the product to take out
	 * @return the new cart
	 */
	public Cart remove(String sku) {
		return new Cart(this.currency, this.lines.stream().filter((line) -> !line.sku().equals(sku)).toList());
	}

	/**
	 * One product in the cart.
	 * @param sku the product's SKU
	 * @param name the product's name
	 * @param quantity how many
	 * @param unitPrice the price of one, in the cart's currency
	 */
	public record Line(String sku, String name, int quantity, BigDecimal unitPrice) implements Serializable {

		/**
		 * @return quantity times unit price
		 */
		public BigDecimal amount() {
			return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
		}

	}

}

package dev.cacheplatform.sample.catalogue;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A product of the catalogue, with its tags and its list price in each currency. Its getters are
 * not its state: {@link #getTags()} returns a sorted copy and {@link #isOnSale()} is derived, as
 * in many real entities, and exactly what a cache must bring back unchanged.
 */
@Entity
@Table(name = "products")
public class Product implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@Column(length = 32)
	private String sku;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false, length = 2000)
	private String description;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "product_tags", joinColumns = @JoinColumn(name = "sku"))
	@Column(name = "tag", length = 32)
	private Set<String> tags = new HashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "product_prices", joinColumns = @JoinColumn(name = "sku"))
	private List<Price> prices = new ArrayList<>();

	protected Product() {
		this.sku = "";
		this.name = "";
		this.description = "";
	}

	public Product(String sku, String name, String description, Set<String> tags, List<Price> prices) {
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.tags.addAll(tags);
		this.prices.addAll(prices);
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

	/**
	 * @return the tags, sorted
	 */
	public List<String> getTags() {
		return this.tags.stream().sorted().toList();
	}

	/**
	 * @return the list prices, by currency
	 */
	public List<Price> getPrices() {
		return this.prices.stream().sorted(Comparator.comparing(Price::currency)).toList();
	}

	/**
	 * @return whether the product is tagged {@code sale}
	 */
	public boolean isOnSale() {
		return this.tags.contains("sale");
	}

	/**
	 * @param currency a currency code
	 * @return the list price in that currency, if the product has one
	 */
	public Optional<Price> price(String currency) {
		return this.prices.stream().filter((price) -> price.currency().equals(currency)).findFirst();
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Product that && this.sku.equals(that.sku)
				&& this.name.equals(that.name) && this.description.equals(that.description)
				&& getTags().equals(that.getTags()) && getPrices().equals(that.getPrices()));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.sku, this.name);
	}

	@Override
	public String toString() {
		return "Product[" + this.sku + "]";
	}

	/**
	 * A list price.
	 * @param currency the currency code
	 * @param amount the amount
	 */
	@Embeddable
	public record Price(@Column(length = 3) String currency, @Column(precision = 19, scale = 2) BigDecimal amount)
			implements Serializable {
	}

}

package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;

/**
 * A JPA entity the way applications write them, and not {@code Serializable}: no setters, a protected
 * constructor for Hibernate, a getter that returns a sorted copy of a collection, derived getters. Its
 * tags are an eager {@code PersistentSet}, its reviews a lazy {@code PersistentBag}.
 */
@Entity
public class Product {

	@Id
	@GeneratedValue
	private @Nullable Long id;

	private String name;

	private BigDecimal price;

	@Enumerated(EnumType.STRING)
	private Category category;

	private UUID sku;

	private Instant listedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	private Set<String> tags = new HashSet<>();

	@ElementCollection(fetch = FetchType.LAZY)
	private List<String> reviews = new ArrayList<>();

	protected Product() {
		this.name = "";
		this.price = BigDecimal.ZERO;
		this.category = Category.COFFEE;
		this.sku = new UUID(0, 0);
		this.listedAt = Instant.EPOCH;
	}

	public Product(String name, BigDecimal price, Category category, UUID sku, Instant listedAt, Set<String> tags,
			List<String> reviews) {
		this.name = name;
		this.price = price;
		this.category = category;
		this.sku = sku;
		this.listedAt = listedAt;
		this.tags.addAll(tags);
		this.reviews.addAll(reviews);
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	/** @return the price with 20% tax: derived, never stored */
	public BigDecimal getPriceWithTax() {
		return this.price.multiply(new BigDecimal("1.20"));
	}

	public Category getCategory() {
		return this.category;
	}

	public UUID getSku() {
		return this.sku;
	}

	public Instant getListedAt() {
		return this.listedAt;
	}

	/** @return a sorted copy: writing it back through a setter would be wrong, and there is none */
	public List<String> getTags() {
		return this.tags.stream().sorted().toList();
	}

	public List<String> getReviews() {
		return List.copyOf(this.reviews);
	}

	/** @return the live reviews collection, for loading it inside a transaction */
	List<String> reviews() {
		return this.reviews;
	}

	public boolean isNew() {
		return this.id == null;
	}

}

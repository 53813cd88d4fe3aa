package dev.cacheplatform.cache.values.shop;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.CascadeType;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Serializable} aggregate with a bidirectional association (its lines point back to it, so
 * the graph has cycles), a lazy {@code PersistentBag} of lines and a lazy {@code PersistentSet} of
 * notes, and derived getters.
 */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@GeneratedValue
	private @Nullable Long id;

	private String customer;

	@Enumerated(EnumType.STRING)
	private OrderStatus status;

	private LocalDate orderedOn;

	private OffsetDateTime placedAt;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, fetch = FetchType.LAZY)
	private List<OrderLine> lines = new ArrayList<>();

	@ElementCollection(fetch = FetchType.LAZY)
	private Set<String> notes = new HashSet<>();

	protected PurchaseOrder() {
		this.customer = "";
		this.status = OrderStatus.PLACED;
		this.orderedOn = LocalDate.EPOCH;
		this.placedAt = OffsetDateTime.MIN;
	}

	public PurchaseOrder(String customer, OrderStatus status, LocalDate orderedOn, OffsetDateTime placedAt,
			Set<String> notes) {
		this.customer = customer;
		this.status = status;
		this.orderedOn = orderedOn;
		this.placedAt = placedAt;
		this.notes.addAll(notes);
	}

	public PurchaseOrder addLine(String product, int quantity, BigDecimal unitPrice) {
		this.lines.add(new OrderLine(this, product, quantity, unitPrice));
		return this;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getCustomer() {
		return this.customer;
	}

	public OrderStatus getStatus() {
		return this.status;
	}

	public LocalDate getOrderedOn() {
		return this.orderedOn;
	}

	public OffsetDateTime getPlacedAt() {
		return this.placedAt;
	}

	/** @return the lines by product name, a copy */
	public List<OrderLine> getLines() {
		return this.lines.stream().sorted(Comparator.comparing(OrderLine::getProduct)).toList();
	}

	public List<String> getNotes() {
		return this.notes.stream().sorted().toList();
	}

	/** @return the sum of the lines: derived */
	public BigDecimal getTotal() {
		return this.lines.stream().map(OrderLine::getAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	public boolean isNew() {
		return this.id == null;
	}

}

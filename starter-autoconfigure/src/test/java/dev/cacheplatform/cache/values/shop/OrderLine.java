package dev.cacheplatform.cache.values.shop;

import java.io.Serializable;
import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.jspecify.annotations.Nullable;

/** A line of a {@link PurchaseOrder}, pointing back to it. */
@Entity
public class OrderLine implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@GeneratedValue
	private @Nullable Long id;

	@ManyToOne
	private @Nullable PurchaseOrder order;

	private String product;

	private int quantity;

	private BigDecimal unitPrice;

	protected OrderLine() {
		this.product = "";
		this.unitPrice = BigDecimal.ZERO;
	}

	OrderLine(PurchaseOrder order, String product, int quantity, BigDecimal unitPrice) {
		this.order = order;
		this.product = product;
		this.quantity = quantity;
		this.unitPrice = unitPrice;
	}

	public @Nullable PurchaseOrder getOrder() {
		return this.order;
	}

	public String getProduct() {
		return this.product;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public BigDecimal getAmount() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}

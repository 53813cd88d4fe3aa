package dev.cacheplatform.cache.values.shop;

/** Where an order is. */
public enum OrderStatus {

	/** Placed, not shipped. */
	PLACED,

	/** On its way. */
	SHIPPED

}

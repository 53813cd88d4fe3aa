package dev.cacheplatform.cache.values.shop;

/** A product category. */
public enum Category {

	/** Cups, mugs and saucers. */
	TABLEWARE,

	/** Beans and ground coffee. */
	COFFEE,

	/** Grinders and kettles. */
	EQUIPMENT

}

package dev.cacheplatform.codec;

import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What decides whether values write faithfully as JSON: their class and, for a collection, map or
 * {@code Optional}, the class of the first element, value or content. Cheap enough for every encode.
 *
 * @param type the value's class
 * @param contentType the class of the first element, map value or optional content; {@code null} when
 * there is none or it is {@code null}
 */
record ShapeKey(Class<?> type, @Nullable Class<?> contentType) {

	/**
	 * @param value a value to encode
	 * @return its shape
	 */
	static ShapeKey of(Object value) {
		Object content = null;
		if (value instanceof Collection<?> collection) {
			content = collection.isEmpty() ? null : collection.iterator().next();
		}
		else if (value instanceof Map<?, ?> map) {
			content = map.isEmpty() ? null : map.values().iterator().next();
		}
		else if (value instanceof Optional<?> optional) {
			content = optional.orElse(null);
		}
		return new ShapeKey(value.getClass(), (content != null) ? content.getClass() : null);
	}

	/**
	 * @param allowList the allow-list
	 * @return the name of the first class of this shape the allow-list refuses, or {@code null}
	 */
	@Nullable String firstRefused(TypeAllowList allowList) {
		if (!allowList.isAllowed(this.type)) {
			return this.type.getName();
		}
		return (this.contentType != null && !allowList.isAllowed(this.contentType)) ? this.contentType.getName() : null;
	}

	/** @return whether JDK serialization can write this shape's classes */
	boolean isSerializable() {
		return Serializable.class.isAssignableFrom(this.type)
				&& (this.contentType == null || Serializable.class.isAssignableFrom(this.contentType));
	}

}

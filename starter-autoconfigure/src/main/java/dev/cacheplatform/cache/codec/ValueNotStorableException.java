package dev.cacheplatform.cache.codec;

import org.jspecify.annotations.Nullable;

/**
 * A value that no allowed codec can write faithfully. The caller returns the method's value uncached.
 */
public class ValueNotStorableException extends RuntimeException {

	private final Class<?> valueType;

	/**
	 * @param valueType the type of the value
	 * @param message why it cannot be stored, and the fix
	 * @param cause the underlying failure, if any
	 */
	public ValueNotStorableException(Class<?> valueType, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.valueType = valueType;
	}

	/** @return the type of the value that could not be stored */
	public Class<?> getValueType() {
		return this.valueType;
	}

}

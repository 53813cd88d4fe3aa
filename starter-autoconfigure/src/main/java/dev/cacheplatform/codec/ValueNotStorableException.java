package dev.cacheplatform.codec;

import org.jspecify.annotations.Nullable;

/**
 * A value that no allowed codec can write faithfully. The caller returns the method's value uncached.
 */
public class ValueNotStorableException extends RuntimeException {

	private final Class<?> valueType;

	private final @Nullable String refusedType;

	/**
	 * @param valueType the type of the value
	 * @param message why it cannot be stored, and the fix
	 * @param cause the underlying failure, if any
	 */
	public ValueNotStorableException(Class<?> valueType, String message, @Nullable Throwable cause) {
		this(valueType, null, message, cause);
	}

	/**
	 * @param valueType the type of the value
	 * @param refusedType the class the allow-list refused, when that is why; the codec has then logged it
	 * @param message why it cannot be stored, and the fix
	 * @param cause the underlying failure, if any
	 */
	public ValueNotStorableException(Class<?> valueType, @Nullable String refusedType, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.valueType = valueType;
		this.refusedType = refusedType;
	}

	/** @return the type of the value that could not be stored */
	public Class<?> getValueType() {
		return this.valueType;
	}

	/**
	 * The class the allow-list refused, if that is why the value cannot be stored. The codec logs
	 * refusals itself, once per refused class whether it was met writing or reading, so callers count
	 * such exceptions without logging them again.
	 * @return the refused class name, or {@code null}
	 */
	public @Nullable String getRefusedType() {
		return this.refusedType;
	}

}

package dev.cacheplatform.cache;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a driver's {@code get(key, loader)} when the method ran but its value could not be stored.
 * Carries the value, so the fault-tolerance layer returns it instead of running the method again.
 */
public class LoadedValueNotStoredException extends RuntimeException {

	private final transient @Nullable Object value;

	/**
	 * @param value the value the method returned
	 * @param cause why it could not be stored
	 */
	public LoadedValueNotStoredException(@Nullable Object value, Throwable cause) {
		super("The value was loaded but not stored: " + cause.getMessage(), cause);
		this.value = value;
	}

	/** @return the value the method returned */
	public @Nullable Object getValue() {
		return this.value;
	}

}

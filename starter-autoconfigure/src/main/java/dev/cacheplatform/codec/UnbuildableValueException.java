package dev.cacheplatform.codec;

/**
 * Well-formed stored JSON that cannot be turned into its class: the class changed shape since it was
 * written, or a value held something its verified shape did not.
 */
final class UnbuildableValueException extends ValueUnreadableException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	/**
	 * @param valueType the name of the value's type
	 * @param reason what could not be built, without any field value
	 */
	UnbuildableValueException(String valueType, String reason) {
		super(UnreadableReason.INCOMPATIBLE,
				"Cannot read cached value of type " + valueType + ": its JSON does not fit the class (" + reason + ")", null);
		this.reason = reason;
	}

	/** @return what could not be built */
	String reason() {
		return this.reason;
	}

}

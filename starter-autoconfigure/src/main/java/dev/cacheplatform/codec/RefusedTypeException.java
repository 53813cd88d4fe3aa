package dev.cacheplatform.codec;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Stored bytes that name a class outside the {@link TypeAllowList}. The class was neither loaded nor
 * instantiated.
 */
final class RefusedTypeException extends ValueUnreadableException {

	private static final long serialVersionUID = 1L;

	private static final Pattern CLASS_NAME = Pattern.compile("\\[*L?[\\p{javaJavaIdentifierPart}$./]+;?");

	private final String refusedType;

	/**
	 * @param refusedType the name of the refused class
	 * @param valueType the name of the value's type when known, else {@code null}
	 * @param settingHint the property that admits more packages
	 */
	RefusedTypeException(String refusedType, @Nullable String valueType, String settingHint) {
		super(UnreadableReason.REFUSED_TYPE,
				"Cannot read cached value" + ((valueType != null) ? " of type " + valueType : "") + ": it names "
				+ printable(refusedType) + ", which is not on the allow-list (" + settingHint + ")", null);
		this.refusedType = refusedType;
	}

	// A type id is a class name, except in bytes that no longer fit their class, where it may be data
	private static String printable(String typeId) {
		return (typeId.indexOf('.') > 0 && CLASS_NAME.matcher(typeId).matches()) ? "type " + typeId
				: "a type id that is not a class name";
	}

	/** @return the name of the refused class */
	String refusedType() {
		return this.refusedType;
	}

}

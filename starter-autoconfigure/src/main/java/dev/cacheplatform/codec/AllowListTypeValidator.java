package dev.cacheplatform.codec;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Lets JSON type ids name only classes of the {@link TypeAllowList}. Jackson asks
 * {@link #validateSubClassName} before it loads the class a type id names, so a refused class is never
 * loaded, let alone instantiated.
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

	private static final long serialVersionUID = 1L;

	private final TypeAllowList allowList;

	AllowListTypeValidator(TypeAllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	public Validity validateBaseType(DatabindContext ctxt, JavaType baseType) {
		// Never approve a whole hierarchy: every type id is checked by name
		return Validity.INDETERMINATE;
	}

	@Override
	public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
		return this.allowList.isAllowed(subClassName) ? Validity.ALLOWED : Validity.DENIED;
	}

	@Override
	public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
		return this.allowList.isAllowed(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
	}

}

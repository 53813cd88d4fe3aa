package dev.cacheplatform.cache.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Jackson's "non-final" default typing, restricted to the allow-list: a value whose declared type is
 * not final ({@code Object}, an interface, {@code List}, a non-final class) carries its class name, so
 * it comes back as the class it was. Two changes to the stock behaviour:
 * <ul>
 * <li>{@code BigDecimal} and {@code BigInteger} slots carry no type id: the classes are not final, but
 * a subclass in such a slot is vanishingly rare (and fidelity verification would catch it), while the
 * id would double the size of every amount;</li>
 * <li>every type id is checked by name before Jackson resolves it, generic ones
 * ({@code java.util.EnumSet<com.acme.Color>}) name by name, because Jackson loads a generic id's type
 * arguments before it validates them.</li>
 * </ul>
 */
final class AllowListTyping extends DefaultTypeResolverBuilder {

	private static final long serialVersionUID = 1L;

	private final TypeAllowList allowList;

	AllowListTyping(PolymorphicTypeValidator validator, TypeAllowList allowList) {
		super(validator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
		this.allowList = allowList;
	}

	private AllowListTyping(AllowListTyping base, @Nullable Class<?> defaultImpl) {
		super(base, defaultImpl);
		this.allowList = base.allowList;
	}

	@Override
	public DefaultTypeResolverBuilder withDefaultImpl(@Nullable Class<?> defaultImpl) {
		return (this._defaultImpl == defaultImpl) ? this : new AllowListTyping(this, defaultImpl);
	}

	@Override
	public boolean useForType(JavaType type) {
		return !type.hasRawClass(BigDecimal.class) && !type.hasRawClass(BigInteger.class) && super.useForType(type);
	}

	@Override
	protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
			PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
			boolean forDeser) {
		return new AllowListIdResolver(baseType, subtypes, subtypeValidator, this.allowList);
	}

	/**
	 * @param allowList the allow-list
	 * @param typeId a type id: a class name, or a generic one such as {@code java.util.EnumSet<com.acme.Color>}
	 * @return the first class the id names that the allow-list refuses, or {@code null}
	 */
	static @Nullable String firstRefused(TypeAllowList allowList, String typeId) {
		if (typeId.indexOf('<') < 0) {
			return allowList.isAllowed(typeId) ? null : typeId;
		}
		for (String name : typeId.split("[<>,\\s]+")) {
			// Object is only ever a type argument here (EnumMap<K,Object>): nothing is built from it
			if (!name.isEmpty() && !name.equals("java.lang.Object") && !allowList.isAllowed(name)) {
				return name;
			}
		}
		return null;
	}

	/** Refuses a type id naming any class outside the allow-list before Jackson resolves, and so loads, it. */
	private static final class AllowListIdResolver extends ClassNameIdResolver {

		private static final long serialVersionUID = 1L;

		private final TypeAllowList allowList;

		AllowListIdResolver(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator ptv,
				TypeAllowList allowList) {
			super(baseType, subtypes, ptv);
			this.allowList = allowList;
		}

		@Override
		public JavaType typeFromId(DatabindContext ctxt, String id) throws JacksonException {
			String refused = firstRefused(this.allowList, id);
			if (refused != null) {
				throw InvalidTypeIdException.from(
						(ctxt instanceof DeserializationContext deser) ? deser.getParser() : null,
						"Type id names a class outside the allow-list", this._baseType, refused);
			}
			return super.typeFromId(ctxt, id);
		}

	}

}

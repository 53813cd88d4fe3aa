package dev.cacheplatform.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
 * it comes back as the class it was. What differs from the stock behaviour:
 * <ul>
 * <li>{@code BigDecimal} and {@code BigInteger} slots carry no type id: the classes are not final, but
 * a subclass in such a slot is vanishingly rare (and fidelity verification would catch it), while the
 * id would double the size of every amount;</li>
 * <li>every type id is checked by name before Jackson resolves it, generic ones
 * ({@code java.util.EnumSet<com.acme.Color>}) name by name, because Jackson loads a generic id's type
 * arguments before it validates them;</li>
 * <li>a Hibernate collection is written with the type id of the JDK collection of its kind
 * ({@link #persistentCollectionId});</li>
 * <li>common JDK collections are written with {@link ShortTypeIds short ids} ({@code "ListN"}), and
 * each id read is resolved to its class once per slot.</li>
 * </ul>
 */
final class AllowListTyping extends DefaultTypeResolverBuilder {

	private static final long serialVersionUID = 1L;

	/** The package prefix of Hibernate's persistent collections (PersistentSet, PersistentBag, ...). */
	static final String PERSISTENT_COLLECTIONS = "org.hibernate.collection.";

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

	/**
	 * A Hibernate collection ({@code PersistentSet}, {@code PersistentBag}, ...) is written with the id of
	 * the JDK collection of its kind: its own class cannot be rebuilt from JSON (it needs a session and
	 * the owning entity), and what the entity holds is its elements, which the JDK collection keeps in
	 * the same order.
	 * @param value a value about to be written
	 * @return the JDK collection's class name, or {@code null} if the value is no Hibernate collection
	 */
	static @Nullable String persistentCollectionId(Object value) {
		if (!value.getClass().getName().startsWith(PERSISTENT_COLLECTIONS)) {
			return null;
		}
		if (value instanceof SortedSet) {
			return TreeSet.class.getName();
		}
		if (value instanceof Set) {
			return LinkedHashSet.class.getName();
		}
		if (value instanceof Collection) {
			return ArrayList.class.getName();
		}
		if (value instanceof SortedMap) {
			return TreeMap.class.getName();
		}
		return (value instanceof Map) ? LinkedHashMap.class.getName() : null;
	}

	/** Refuses a type id naming any class outside the allow-list before Jackson resolves, and so loads, it. */
	private static final class AllowListIdResolver extends ClassNameIdResolver {

		private static final long serialVersionUID = 1L;

		private static final int MAX_RESOLVED = 1024;

		/**
		 * Ids read before, each resolved to its class once: loading a class by name on every read cost
		 * more than the rest of a small value's type handling. Only ids that passed the allow-list and
		 * named a loadable class get here, and at most {@value #MAX_RESOLVED} of them.
		 */
		private final transient ConcurrentMap<String, JavaType> resolved = new ConcurrentHashMap<>();

		private final TypeAllowList allowList;

		AllowListIdResolver(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator ptv,
				TypeAllowList allowList) {
			super(baseType, subtypes, ptv);
			this.allowList = allowList;
		}

		@Override
		public String idFromValue(DatabindContext ctxt, Object value) {
			String persistent = persistentCollectionId(value);
			return ShortTypeIds.shorten((persistent != null) ? persistent : super.idFromValue(ctxt, value));
		}

		@Override
		public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> type) {
			String persistent = persistentCollectionId(value);
			return ShortTypeIds.shorten((persistent != null) ? persistent : super.idFromValueAndType(ctxt, value, type));
		}

		@Override
		public JavaType typeFromId(DatabindContext ctxt, String id) throws JacksonException {
			JavaType resolved = this.resolved.get(id);
			if (resolved != null) {
				return resolved;
			}
			String expanded = ShortTypeIds.expand(id);
			String className = (expanded != null) ? expanded : id;
			String refused = firstRefused(this.allowList, className);
			if (refused != null) {
				throw InvalidTypeIdException.from(
						(ctxt instanceof DeserializationContext deser) ? deser.getParser() : null,
						"Type id names a class outside the allow-list", this._baseType, refused);
			}
			resolved = super.typeFromId(ctxt, className);
			if (resolved != null && this.resolved.size() < MAX_RESOLVED) {
				this.resolved.putIfAbsent(id, resolved);
			}
			return resolved;
		}

	}

}

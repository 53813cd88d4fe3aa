package dev.cacheplatform.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The classes a stored cache value may name. Both codecs consult it before a class is loaded, so bytes
 * planted in Redis can never make the application instantiate a class outside it (deserialization gadget
 * chains).
 * <p>
 * It holds the application's packages (each with its subpackages) plus built-in value types: the
 * {@code java.lang} boxes and {@code Number}, {@code java.math}, {@code java.time} (not its
 * subpackages), the common {@code java.util} values, collections and maps, {@code java.net.URI},
 * {@code java.sql} dates (JPA entities carry them), Spring's cached-null marker, Spring Data's
 * {@code org.springframework.data.domain} types and Hibernate's {@code org.hibernate.collection} types.
 * Arrays are allowed when their component type is; primitives always are; {@code Object[]} and
 * {@code Map.Entry[]} are too, since their elements are checked one by one.
 */
public final class TypeAllowList {

	private static final String ALLOWED_PACKAGES_PROPERTY = "cache-platform.cache.serialization.allowed-packages";

	private static final Set<String> BUILT_IN_CLASSES = Set.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
			"java.lang.Double", "java.lang.Character", "java.lang.Number",
			// JDK streams name java.lang.Enum as the superclass of every enum; it cannot be instantiated
			"java.lang.Enum", "java.util.UUID", "java.util.Optional", "java.util.OptionalInt",
			"java.util.OptionalLong", "java.util.OptionalDouble", "java.util.Date", "java.util.Locale",
			"java.util.Currency", "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
			"java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumMap", "java.util.EnumSet",
			"java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy",
			// List.of(), Set.of() and Map.of() values are written through this proxy by JDK serialization
			"java.util.CollSer", "java.util.Arrays$ArrayList",
			// stateless JDK comparators held by sorted collections (Spring Security's saved request keeps its
			// headers in a TreeMap ordered by String.CASE_INSENSITIVE_ORDER)
			"java.lang.String$CaseInsensitiveComparator", "java.util.Collections$ReverseComparator",
			"java.util.Comparators$NaturalOrderComparator", "java.net.URI", "java.sql.Date", "java.sql.Time",
			"java.sql.Timestamp", "org.springframework.cache.support.NullValue");

	/**
	 * Allowed only as array components: JDK collections read their elements into {@code Object[]} and
	 * {@code Map.Entry[]} arrays, whose elements are then checked one by one.
	 */
	private static final Set<String> ARRAY_COMPONENTS = Set.of("java.lang.Object", "java.util.Map$Entry");

	/** Packages whose classes are allowed, without their subpackages. */
	private static final Set<String> BUILT_IN_PACKAGES = Set.of("java.math", "java.time");

	/** Name prefixes of allowed classes, subpackages and nested classes included. */
	private static final List<String> BUILT_IN_PREFIXES = List.of("java.util.Collections$Unmodifiable",
			"java.util.Collections$Synchronized", "java.util.Collections$Empty", "java.util.Collections$Singleton",
			"java.util.ImmutableCollections$", "org.springframework.data.domain.", "org.hibernate.collection.");

	private final List<String> packages;

	private final List<String> packagePrefixes;

	private TypeAllowList(List<String> packages) {
		this.packages = List.copyOf(packages);
		this.packagePrefixes = packages.stream().map((name) -> name + ".").toList();
	}

	/**
	 * Creates an allow-list of the built-in value types plus the given application packages.
	 * @param packages package names such as {@code com.acme.shop}; each admits its subpackages too
	 * @return the allow-list
	 * @throws IllegalArgumentException if a package name is blank
	 */
	public static TypeAllowList of(Collection<String> packages) {
		List<String> names = new ArrayList<>();
		for (String name : packages) {
			String trimmed = name.strip();
			while (trimmed.endsWith(".")) {
				trimmed = trimmed.substring(0, trimmed.length() - 1);
			}
			if (trimmed.isEmpty()) {
				// A blank entry would otherwise admit every class: refuse it rather than guess
				throw new IllegalArgumentException("Blank package name in " + ALLOWED_PACKAGES_PROPERTY);
			}
			if (!names.contains(trimmed)) {
				names.add(trimmed);
			}
		}
		return new TypeAllowList(names);
	}

	/** @return the application packages admitted on top of the built-in types */
	public List<String> packages() {
		return this.packages;
	}

	/** @return the configuration property that admits more packages, for messages telling users the fix */
	public String settingHint() {
		return ALLOWED_PACKAGES_PROPERTY;
	}

	/**
	 * Decides on a loaded class.
	 * @param type the class
	 * @return whether values of this class may be stored and read
	 */
	public boolean isAllowed(Class<?> type) {
		Class<?> component = type;
		while (component.isArray()) {
			component = component.getComponentType();
		}
		// Lambdas and other hidden classes cannot be found by name again, so they can never be read back
		return !component.isHidden() && isAllowed(type.getName());
	}

	/**
	 * Decides on a class name alone, without loading or initialising the class: the check that runs
	 * before stored bytes get to name a class.
	 * @param className a binary class name as {@link Class#getName()} gives it, arrays included
	 * ({@code [Lcom.acme.Product;}, {@code [I})
	 * @return whether the class may be loaded to read a value
	 */
	public boolean isAllowed(String className) {
		int dimensions = 0;
		while (dimensions < className.length() && className.charAt(dimensions) == '[') {
			dimensions++;
		}
		if (dimensions == 0) {
			return isPrimitive(className) || isAllowedClassName(className);
		}
		String element = className.substring(dimensions);
		if (element.length() == 1) {
			return "ZBCSIJFD".contains(element);
		}
		if (element.length() <= 2 || element.charAt(0) != 'L' || !element.endsWith(";")) {
			return false;
		}
		String component = element.substring(1, element.length() - 1);
		return ARRAY_COMPONENTS.contains(component) || isAllowedClassName(component);
	}

	private boolean isAllowedClassName(String name) {
		if (!isWellFormed(name)) {
			return false;
		}
		if (BUILT_IN_CLASSES.contains(name) || BUILT_IN_PACKAGES.contains(packageOf(name))) {
			return true;
		}
		return startsWithAny(name, BUILT_IN_PREFIXES) || startsWithAny(name, this.packagePrefixes);
	}

	// Rejects generic signatures, hidden-class names and anything else Class.getName() never produces
	private static boolean isWellFormed(String name) {
		if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '.' && (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c))) {
				return false;
			}
		}
		return true;
	}

	private static String packageOf(String name) {
		int lastDot = name.lastIndexOf('.');
		return (lastDot < 0) ? "" : name.substring(0, lastDot);
	}

	private static boolean startsWithAny(String name, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isPrimitive(String name) {
		return switch (name) {
			case "boolean", "byte", "char", "short", "int", "long", "float", "double" -> true;
			default -> false;
		};
	}

	@Override
	public String toString() {
		return "TypeAllowList" + this.packages;
	}

}

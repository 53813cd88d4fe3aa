package dev.cacheplatform.codec;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Short JSON type ids for the JDK collections values hold most, so that a {@code List.of(...)} field
 * costs {@code "ListN"} instead of {@code "java.util.ImmutableCollections$ListN"}. A short id has no dot,
 * so it can never be the name of an allowed class (the allow-list admits classes in packages only), and
 * it stands for exactly one class of the {@link TypeAllowList}'s built-in JDK types: reading one loads
 * nothing that its full name would not. Full class names are read as before. The table is part of the
 * stored format: an id, once written, keeps its meaning.
 */
final class ShortTypeIds {

	private static final Map<String, String> SHORT_IDS = Map.ofEntries(Map.entry("java.util.ArrayList", "ArrayList"),
			Map.entry("java.util.LinkedList", "LinkedList"), Map.entry("java.util.HashMap", "HashMap"),
			Map.entry("java.util.LinkedHashMap", "LinkedHashMap"), Map.entry("java.util.TreeMap", "TreeMap"),
			Map.entry("java.util.HashSet", "HashSet"), Map.entry("java.util.LinkedHashSet", "LinkedHashSet"),
			Map.entry("java.util.TreeSet", "TreeSet"), Map.entry("java.util.ImmutableCollections$List12", "List12"),
			Map.entry("java.util.ImmutableCollections$ListN", "ListN"),
			Map.entry("java.util.ImmutableCollections$Set12", "Set12"),
			Map.entry("java.util.ImmutableCollections$SetN", "SetN"),
			Map.entry("java.util.ImmutableCollections$Map1", "Map1"),
			Map.entry("java.util.ImmutableCollections$MapN", "MapN"), Map.entry("java.util.Arrays$ArrayList", "AsList"),
			Map.entry("java.util.Collections$UnmodifiableRandomAccessList", "UnmodifiableList"),
			Map.entry("java.util.Collections$UnmodifiableSet", "UnmodifiableSet"),
			Map.entry("java.util.Collections$UnmodifiableMap", "UnmodifiableMap"));

	private static final Map<String, String> CLASS_NAMES = inverse();

	private ShortTypeIds() {
	}

	/**
	 * @param className a class name
	 * @return its short id, or the name itself when it has none
	 */
	static String shorten(String className) {
		return SHORT_IDS.getOrDefault(className, className);
	}

	/**
	 * @param id a type id as stored
	 * @return the class name a short id stands for, or {@code null} when the id is no short id
	 */
	static @Nullable String expand(String id) {
		return CLASS_NAMES.get(id);
	}

	private static Map<String, String> inverse() {
		Map<String, String> classNames = new HashMap<>();
		SHORT_IDS.forEach((className, id) -> classNames.put(id, className));
		return Map.copyOf(classNames);
	}

}

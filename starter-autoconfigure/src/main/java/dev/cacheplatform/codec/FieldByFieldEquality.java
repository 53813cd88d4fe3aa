package dev.cacheplatform.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a decoded value is the one encoded, field by field: what a cache hit must return.
 * <p>
 * Application classes are compared on every non-static, non-transient field of every class up the
 * hierarchy (transient state is, by its author's declaration, not part of the serialized form), and
 * must come back as the same class; state inherited from a JDK class cannot be inspected, so it counts
 * as a difference. Arrays compare element by element. Collections and maps compare by content, in
 * order where they have one; two JDK implementations of the same kind are accepted ({@code List.of(..)}
 * may come back as another {@code List}, never as a {@code Set}, nor a sorted set as an unsorted one),
 * and so may a Hibernate collection ({@code PersistentSet}, {@code PersistentBag}): what an entity holds
 * in it is its elements, while the wrapper's own fields are the session's bookkeeping.
 * Other JDK classes compare with {@code equals}, which for {@code BigDecimal} keeps the scale. Cycles
 * and shared objects are handled with an identity-keyed set of the pairs being compared.
 * <p>
 * Reflective and unhurried: it runs once per value shape, never on the hot path. Not thread safe: one
 * instance per comparison.
 */
final class FieldByFieldEquality {

	private static final Object NO_MATCH = new Object();

	private final Set<Pair> assumedEqual = new HashSet<>();

	// Pairs in the order they were assumed equal, to undo the tentative ones of a failed match
	private final List<Pair> assumptions = new ArrayList<>();

	private FieldByFieldEquality() {
	}

	/**
	 * @param expected the value encoded
	 * @param actual the value decoded
	 * @return {@code null} if they are equal, else the path to the first difference, naming types and
	 * fields but never values
	 */
	static @Nullable String difference(Object expected, Object actual) {
		return new FieldByFieldEquality().compare(expected, actual, "$");
	}

	private @Nullable String compare(@Nullable Object expected, @Nullable Object actual, String path) {
		if (expected == actual) {
			return null;
		}
		if (expected == null || actual == null) {
			return path + ((expected == null) ? " was null but came back set" : " was set but came back null");
		}
		Class<?> type = expected.getClass();
		boolean container = expected instanceof Collection || expected instanceof Map;
		if (container ? !sameContainerKind(expected, actual) : type != actual.getClass()) {
			return path + ": " + type.getName() + " came back as " + actual.getClass().getName();
		}
		if (type.isArray() && type.getComponentType().isPrimitive()) {
			return Objects.deepEquals(expected, actual) ? null : path + " differs";
		}
		if ((!container && !(expected instanceof Optional) && isJdk(type)) || expected instanceof Enum) {
			return expected.equals(actual) ? null : path + " differs";
		}
		if (!this.assumedEqual.add(new Pair(expected, actual))) {
			// Being compared further up (a cycle) or already found equal
			return null;
		}
		this.assumptions.add(new Pair(expected, actual));
		if (type.isArray()) {
			return compareInOrder(Arrays.asList((Object[]) expected), Arrays.asList((Object[]) actual), path);
		}
		if (expected instanceof Optional<?> optional) {
			return compare(optional.orElse(null), ((Optional<?>) actual).orElse(null), path + ".get()");
		}
		if (expected instanceof Map<?, ?> map) {
			return compareContent(new ArrayList<>(map.entrySet()), new ArrayList<>(((Map<?, ?>) actual).entrySet()),
					isOrdered(map), path);
		}
		if (expected instanceof Collection<?> collection) {
			return compareContent(new ArrayList<>(collection), new ArrayList<>((Collection<?>) actual),
					isOrdered(collection), path);
		}
		return compareFields(type, expected, actual, path);
	}

	private @Nullable String compareFields(Class<?> type, Object expected, Object actual, String path) {
		for (Class<?> declaring = type; declaring != Object.class; declaring = declaring.getSuperclass()) {
			for (Field field : declaring.getDeclaredFields()) {
				int modifiers = field.getModifiers();
				if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers)) {
					continue;
				}
				String fieldPath = path + "." + field.getName();
				// JDK internals (state inherited from a JDK class) are closed to reflection
				if (!field.trySetAccessible()) {
					return fieldPath + " cannot be inspected";
				}
				String difference;
				try {
					difference = compare(field.get(expected), field.get(actual), fieldPath);
				}
				catch (IllegalAccessException ex) {
					return fieldPath + " cannot be inspected";
				}
				if (difference != null) {
					return difference;
				}
			}
		}
		return null;
	}

	private @Nullable String compareContent(List<?> expected, List<?> actual, boolean ordered, String path) {
		if (expected.size() != actual.size()) {
			return path + " came back with a different number of elements";
		}
		int mark = this.assumptions.size();
		String difference = compareInOrder(expected, actual, path);
		if (difference == null || ordered) {
			return difference;
		}
		undoAssumptionsAfter(mark);
		return compareUnordered(expected, actual, path);
	}

	private @Nullable String compareInOrder(List<?> expected, List<?> actual, String path) {
		if (expected.size() != actual.size()) {
			return path + " came back with a different number of elements";
		}
		for (int i = 0; i < expected.size(); i++) {
			String difference = compareElement(expected.get(i), actual.get(i), path + "[" + i + "]");
			if (difference != null) {
				return difference;
			}
		}
		return null;
	}

	/**
	 * Matches each expected element to an equal actual one: candidates with the same hash first (linear
	 * time for elements with value-based hash codes), then any remaining one.
	 */
	private @Nullable String compareUnordered(List<?> expected, List<?> actual, String path) {
		Map<Integer, List<Object>> byHash = new HashMap<>();
		Set<@Nullable Object> unmatched = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Object element : actual) {
			byHash.computeIfAbsent(hash(element), (hash) -> new ArrayList<>()).add(element);
			unmatched.add(element);
		}
		for (Object element : expected) {
			Object match = findMatch(element, byHash.getOrDefault(hash(element), List.of()), unmatched);
			if (match == NO_MATCH) {
				match = findMatch(element, actual, unmatched);
			}
			if (match == NO_MATCH) {
				return path + ": an element has no equal counterpart";
			}
			unmatched.remove(match);
		}
		return null;
	}

	private @Nullable Object findMatch(@Nullable Object expected, List<?> candidates, Set<@Nullable Object> unmatched) {
		for (Object candidate : candidates) {
			if (unmatched.contains(candidate)) {
				int mark = this.assumptions.size();
				if (compareElement(expected, candidate, "") == null) {
					return candidate;
				}
				undoAssumptionsAfter(mark);
			}
		}
		return NO_MATCH;
	}

	private @Nullable String compareElement(@Nullable Object expected, @Nullable Object actual, String path) {
		if (expected instanceof Map.Entry<?, ?> entry && actual instanceof Map.Entry<?, ?> other) {
			// Keys are data: the path says which side differs, not which key
			String difference = compare(entry.getKey(), other.getKey(), path + "[key]");
			return (difference != null) ? difference : compare(entry.getValue(), other.getValue(), path + "[value]");
		}
		return compare(expected, actual, path);
	}

	private void undoAssumptionsAfter(int mark) {
		while (this.assumptions.size() > mark) {
			this.assumedEqual.remove(this.assumptions.remove(this.assumptions.size() - 1));
		}
	}

	private static int hash(@Nullable Object element) {
		Object key = (element instanceof Map.Entry<?, ?> entry) ? entry.getKey() : element;
		return Objects.hashCode(key);
	}

	private static boolean isOrdered(Object container) {
		return container instanceof List || container instanceof Queue || container instanceof SortedSet
				|| container instanceof LinkedHashSet || container instanceof SortedMap
				|| container instanceof LinkedHashMap;
	}

	private static boolean sameContainerKind(Object expected, Object actual) {
		if (expected.getClass() == actual.getClass()) {
			return true;
		}
		String kind = kind(expected);
		return (isJdk(expected.getClass()) || isPersistentCollection(expected.getClass())) && isJdk(actual.getClass())
				&& kind != null && kind.equals(kind(actual));
	}

	private static @Nullable String kind(Object container) {
		if (container instanceof List) {
			return "List";
		}
		if (container instanceof Set) {
			return (container instanceof SortedSet) ? "SortedSet" : "Set";
		}
		if (container instanceof Map) {
			return (container instanceof SortedMap) ? "SortedMap" : "Map";
		}
		// Queues and other collections must come back as their own class
		return null;
	}

	// Hibernate's wrapper around an entity's collection: its own fields are the session's bookkeeping
	private static boolean isPersistentCollection(Class<?> type) {
		return type.getName().startsWith(AllowListTyping.PERSISTENT_COLLECTIONS);
	}

	private static boolean isJdk(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.");
	}

	/** Two objects by identity. */
	private record Pair(Object expected, Object actual) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Pair pair && pair.expected == this.expected && pair.actual == this.actual;
		}

		@Override
		public int hashCode() {
			return 31 * System.identityHashCode(this.expected) + System.identityHashCode(this.actual);
		}

	}

}

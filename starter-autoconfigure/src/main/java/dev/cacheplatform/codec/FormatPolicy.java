package dev.cacheplatform.codec;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Chooses the format of each value and explains the values that cannot be stored.
 * <p>
 * With JSON preferred, the first value of each {@link ShapeKey shape} is verified: encoded, decoded and
 * compared {@linkplain FieldByFieldEquality field by field}. A shape that passes is written as JSON from
 * then on without further checks; one that fails is written with JDK serialization when the value is
 * {@code Serializable} and the allow-list filter reads it back (a warning says so once per type), and is
 * otherwise not storable. With JDK preferred every value is JDK-serialized and must be
 * {@code Serializable}. Either way, a value naming a class outside the allow-list is not storable.
 * <p>
 * Decisions are remembered per shape and revised when a verified JSON shape later fails to write, or a
 * stored JSON value of its type fails to read back ({@link #jsonUnreadable}).
 */
final class FormatPolicy {

	private static final String FIX_SHAPE = "Make it a record or a class whose fields hold its whole state, with a "
			+ "no-argument or @JsonCreator constructor, or make it Serializable.";

	private static final int MAX_REFUSALS_LOGGED = 1000;

	private final TypeAllowList allowList;

	private final Format preferred;

	private final @Nullable JsonValueCodec json;

	private final JdkValueCodec jdk;

	private final Consumer<String> warnings;

	private final ConcurrentMap<ShapeKey, Format> formats = new ConcurrentHashMap<>();

	private final Set<String> warningsGiven = ConcurrentHashMap.newKeySet();

	private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

	/**
	 * @param allowList the classes values may hold
	 * @param preferred the preferred format
	 * @param json the JSON codec; {@code null} when Jackson is absent, which requires JDK as preferred
	 * @param jdk the JDK codec
	 * @param warnings receives each kind of warning once per type
	 */
	FormatPolicy(TypeAllowList allowList, Format preferred, @Nullable JsonValueCodec json, JdkValueCodec jdk,
			Consumer<String> warnings) {
		this.allowList = allowList;
		this.preferred = preferred;
		this.json = json;
		this.jdk = jdk;
		this.warnings = warnings;
	}

	/**
	 * @param value the value, never a cached-null marker
	 * @return the format chosen and the payload
	 * @throws ValueNotStorableException if no allowed format writes the value faithfully
	 */
	Encoded encode(Object value) {
		ShapeKey shape = ShapeKey.of(value);
		Format format = this.formats.get(shape);
		if (format == Format.JDK) {
			return new Encoded(Format.JDK, writeJdk(value));
		}
		if (format == Format.JSON && this.json != null) {
			try {
				return new Encoded(Format.JSON, this.json.write(value));
			}
			catch (JacksonException ex) {
				// This value holds something its shape's first value did not: decide again for it
				return firstEncode(shape, value);
			}
		}
		return firstEncode(shape, value);
	}

	/**
	 * Called when a stored JSON value of this type is well formed but cannot be rebuilt, which proves
	 * that a shape verified with one value does not hold for all of them: such shapes of this type are
	 * written with JDK serialization from now on, when their classes are {@code Serializable}. The codec
	 * cannot tell which element class broke a collection, so every such shape of the type moves.
	 * @param type the root type of the unreadable value
	 */
	void jsonUnreadable(Class<?> type) {
		for (Map.Entry<ShapeKey, Format> entry : this.formats.entrySet()) {
			ShapeKey shape = entry.getKey();
			if (shape.type() == type && shape.isSerializable() && this.formats.replace(shape, Format.JSON, Format.JDK)) {
				warnOnce("healed", type, "Cache values of type " + type.getName() + " are stored with JDK serialization from "
						+ "now on because a stored JSON value of that type could not be read back");
			}
		}
	}

	private Encoded firstEncode(ShapeKey shape, Object value) {
		Class<?> type = value.getClass();
		String refused = shape.firstRefused(this.allowList);
		if (refused != null) {
			throw refused(type, refused);
		}
		if (this.preferred == Format.JDK || this.json == null) {
			if (!(value instanceof Serializable)) {
				throw notStorable(type, "it is not Serializable and the preferred format is JDK serialization. "
						+ "Make it Serializable, or prefer the JSON format.", null);
			}
			byte[] payload = verifiedJdk(value, "");
			this.formats.put(shape, Format.JDK);
			return new Encoded(Format.JDK, payload);
		}
		String problem;
		try {
			byte[] payload = this.json.write(value);
			problem = FieldByFieldEquality.difference(value, this.json.read(type, payload, 0, payload.length));
			if (problem == null) {
				this.formats.put(shape, Format.JSON);
				return new Encoded(Format.JSON, payload);
			}
		}
		catch (RefusedTypeException ex) {
			throw refused(type, ex.refusedType());
		}
		catch (UnbuildableValueException ex) {
			problem = ex.reason();
		}
		catch (JacksonException ex) {
			problem = JsonValueCodec.describe(ex);
		}
		catch (RuntimeException ex) {
			// Thrown by the value's own code (a constructor, hashCode): its message may quote data
			problem = ex.getClass().getSimpleName();
		}
		return jdkInstead(shape, value, problem);
	}

	private Encoded jdkInstead(ShapeKey shape, Object value, String problem) {
		Class<?> type = value.getClass();
		String jsonProblem = "JSON cannot rebuild it faithfully (" + problem + ")";
		if (!(value instanceof Serializable)) {
			throw notStorable(type, jsonProblem + " and it is not Serializable. " + FIX_SHAPE, null);
		}
		byte[] payload = verifiedJdk(value, jsonProblem + " and ");
		this.formats.put(shape, Format.JDK);
		warnOnce("jdk", type, "Cache values of type " + type.getName()
				+ " are stored with JDK serialization because JSON could not rebuild them faithfully (" + problem + ")");
		return new Encoded(Format.JDK, payload);
	}

	/** Writes with JDK serialization and reads back through the allow-list filter, which decides. */
	private byte[] verifiedJdk(Object value, String context) {
		Class<?> type = value.getClass();
		byte[] payload = writeJdk(value, context);
		try {
			this.jdk.read(payload, 0, payload.length);
		}
		catch (RefusedTypeException ex) {
			throw refused(type, ex.refusedType());
		}
		catch (ValueUnreadableException ex) {
			throw notStorable(type, context + "its Java serialization cannot be read back: " + ex.getMessage(), null);
		}
		return payload;
	}

	private byte[] writeJdk(Object value) {
		return writeJdk(value, "");
	}

	private byte[] writeJdk(Object value, String context) {
		try {
			return this.jdk.write(value);
		}
		catch (NotSerializableException ex) {
			throw notStorable(value.getClass(),
					context + "it holds a " + ex.getMessage() + ", which is not Serializable. " + FIX_SHAPE, ex);
		}
		catch (IOException ex) {
			throw notStorable(value.getClass(), context + "Java serialization fails on it ("
					+ ex.getClass().getSimpleName() + "). " + FIX_SHAPE, ex);
		}
	}

	private ValueNotStorableException refused(Class<?> type, String refusedType) {
		String what = refusedType.equals(type.getName()) ? "the type" : "it holds a " + refusedType + ", which";
		// Never advise admitting JDK internals or lambdas: they are not values, whatever the allow-list says
		boolean platform = refusedType.indexOf('/') >= 0 || refusedType.startsWith("java.")
				|| refusedType.startsWith("javax.") || refusedType.startsWith("jdk.") || refusedType.startsWith("sun.")
				|| refusedType.startsWith("com.sun.");
		String fix = platform ? "That is not a cacheable value type: keep it out of cached values." : "Add its package to "
				+ this.allowList.settingHint() + " if such values are safe to cache.";
		String message = "Cannot cache a value of type " + type.getName() + ": " + what
				+ " is not on the cache allow-list. " + fix;
		refusedOnce(refusedType, message + " Such values are returned uncached (logged once per type).");
		return new ValueNotStorableException(type, refusedType, message, null);
	}

	/**
	 * Called when stored bytes name a class outside the allow-list: an entry written by another version
	 * of the application or by stock Spring, which is then read as a miss.
	 * @param ex the refusal
	 */
	void readRefused(RefusedTypeException ex) {
		refusedOnce(ex.refusedType(), ex.getMessage() + ". Entries naming it are treated as cache misses; add its "
				+ "package to that property if such values are safe to cache (logged once per type).");
	}

	/**
	 * One warning per refused class, whichever way it was met first. Bounded, since stored bytes choose
	 * the names read: past the bound, refusals are only counted.
	 */
	private void refusedOnce(String refusedType, String message) {
		if (this.refusalsLogged.size() < MAX_REFUSALS_LOGGED && this.refusalsLogged.add(refusedType)) {
			this.warnings.accept(message);
		}
	}

	private static ValueNotStorableException notStorable(Class<?> type, String reason, @Nullable Throwable cause) {
		return new ValueNotStorableException(type, "Cannot cache a value of type " + type.getName() + ": " + reason,
				cause);
	}

	private void warnOnce(String kind, Class<?> type, String message) {
		if (this.warningsGiven.add(kind + ":" + type.getName())) {
			this.warnings.accept(message);
		}
	}

	/**
	 * A payload and the format that wrote it.
	 *
	 * @param format JSON or JDK
	 * @param payload the bytes, uncompressed
	 */
	record Encoded(Format format, byte[] payload) {
	}

}

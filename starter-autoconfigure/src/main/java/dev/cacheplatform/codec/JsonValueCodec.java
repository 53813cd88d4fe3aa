package dev.cacheplatform.codec;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import tools.jackson.core.JacksonException;
import tools.jackson.core.Version;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.util.ClassUtils;

/**
 * Field-based JSON for cache values with Jackson 3.
 * <p>
 * A value is written as its fields (of every class up the hierarchy), never through getters, so
 * computed getters ({@code isNew()}, a getter returning a sorted copy) neither add properties nor lose
 * state; it is rebuilt through its no-argument constructor or, for records and classes Jackson can
 * match, its constructor, and failing both by setting the fields of an instance allocated without a
 * constructor ({@link FieldStateInstantiators}). java.time values are ISO-8601 strings keeping their
 * zone; enums are written by name; {@code BigDecimal} keeps its scale; a {@code java.sql.Timestamp}
 * keeps its nanoseconds. A property the class no longer has is ignored on read.
 * <p>
 * Every value whose declared type is not final carries its class name, so a {@code List<Product>} comes
 * back as {@code Product}s and an {@code Object} field as its real class. This is Jackson's global
 * "default typing", which the platform's rule "no global default typing" targets because type ids let
 * stored bytes choose the classes to instantiate. Here that choice is confined to the
 * {@link TypeAllowList}: every type id, including those of annotated {@code @JsonTypeInfo} hierarchies,
 * and every root type name is checked by name before the class is loaded ({@link AllowListTypeValidator},
 * {@link AllowListTyping}), so no class outside the allow-list can be named by stored bytes, which is
 * the rule's intent.
 */
final class JsonValueCodec {

	private static final int MAX_PATH = 12;

	private final TypeAllowList allowList;

	private final ClassLoader classLoader;

	private final JsonMapper mapper;

	private final ClassValue<ObjectWriter> writers = new ClassValue<>() {
		@Override
		protected ObjectWriter computeValue(Class<?> type) {
			return JsonValueCodec.this.mapper.writerFor(rootNominalType(type));
		}
	};

	private final ClassValue<ObjectReader> readers = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return JsonValueCodec.this.mapper.readerFor(rootNominalType(type));
		}
	};

	// Only names that passed the allow-list and resolved get here, so the map stays as small as the list
	private final ConcurrentMap<String, Class<?>> rootTypes = new ConcurrentHashMap<>();

	JsonValueCodec(TypeAllowList allowList, ClassLoader classLoader) {
		this.allowList = allowList;
		this.classLoader = classLoader;
		AllowListTypeValidator validator = new AllowListTypeValidator(allowList);
		JsonMapper.Builder builder = JsonMapper.builder()
			.typeFactory(TypeFactory.createDefaultInstance().withClassLoader(classLoader))
			.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
				.withGetterVisibility(Visibility.NONE)
				.withIsGetterVisibility(Visibility.NONE)
				.withSetterVisibility(Visibility.NONE))
			// Field-based: a final field is state like any other (Jackson 3 no longer sets them by default)
			.enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			// toString() is free text and need not be unique; the name always round-trips
			.disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING, EnumFeature.READ_ENUMS_USING_TO_STRING)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			// Keep zones and offsets exactly: ZonedDateTime.equals compares the zone id
			.enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
			.disable(DateTimeFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE,
					DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, DateTimeFeature.NORMALIZE_DESERIALIZED_ZONE_ID)
			// The validator also guards @JsonTypeInfo(use = CLASS) hierarchies of the application's classes
			.polymorphicTypeValidator(validator)
			.setDefaultTyping(new AllowListTyping(validator, allowList))
			.addModule(new FieldStateModule())
			.addModule(new InstantModule());
		SpringDataMixins.register(builder, classLoader);
		this.mapper = builder.build();
	}

	/**
	 * @param value the value
	 * @return its JSON
	 * @throws JacksonException if Jackson cannot write it
	 */
	byte[] write(Object value) {
		return this.writers.get(value.getClass()).writeValueAsBytes(value);
	}

	/**
	 * Resolves the root type id of a stored value, refusing names outside the allow-list before any
	 * class is loaded.
	 * @param id the class name or {@link ShortTypeIds short id} from the envelope
	 * @return the class
	 * @throws ValueUnreadableException if the name is refused or no such class exists
	 */
	Class<?> rootType(String id) {
		Class<?> type = this.rootTypes.get(id);
		if (type != null) {
			return type;
		}
		String expanded = ShortTypeIds.expand(id);
		String name = (expanded != null) ? expanded : id;
		if (!this.allowList.isAllowed(name)) {
			throw new RefusedTypeException(name, null, this.allowList.settingHint());
		}
		try {
			type = ClassUtils.forName(name, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new ValueUnreadableException(UnreadableReason.INCOMPATIBLE,
					"Cannot read cached value of type " + name + ": no such class (renamed or removed?)", null);
		}
		this.rootTypes.putIfAbsent(id, type);
		return type;
	}

	/**
	 * @param type the root type
	 * @param bytes holds the JSON
	 * @param offset where the JSON starts
	 * @param length the JSON's length
	 * @return the value
	 * @throws RefusedTypeException if the JSON names a class outside the allow-list
	 * @throws UnbuildableValueException if the JSON is well formed but does not fit the classes
	 * @throws ValueUnreadableException if the JSON is malformed
	 */
	Object read(Class<?> type, byte[] bytes, int offset, int length) {
		try {
			return this.readers.get(type).readValue(bytes, offset, length);
		}
		catch (InvalidTypeIdException ex) {
			String refused = (ex.getTypeId() != null) ? AllowListTyping.firstRefused(this.allowList, ex.getTypeId()) : null;
			if (refused != null) {
				throw new RefusedTypeException(refused, type.getName(), this.allowList.settingHint());
			}
			throw unbuildable(type, ex);
		}
		catch (DatabindException ex) {
			throw unbuildable(type, ex);
		}
		catch (JacksonException ex) {
			// Parser messages can quote the input, which may be secret: keep only the kind of failure
			throw new ValueUnreadableException("Cannot read cached value of type " + type.getName()
					+ ": its JSON is malformed (" + ex.getClass().getSimpleName() + ")", null);
		}
	}

	/**
	 * A final root class (a record, an enum, an array) needs no type id; any other root is read as
	 * {@code Object} with its type id, the way Jackson reads nested values, because some JDK classes
	 * ({@code Arrays.asList}, {@code Collections.singletonList}) only read back that way.
	 */
	private static Class<?> rootNominalType(Class<?> type) {
		return Modifier.isFinal(type.getModifiers()) ? type : Object.class;
	}

	/** Registers {@link FieldStateInstantiators}. */
	private static final class FieldStateModule extends JacksonModule {

		@Override
		public String getModuleName() {
			return "cache-platform-field-state";
		}

		@Override
		public Version version() {
			return Version.unknownVersion();
		}

		@Override
		public void setupModule(SetupContext context) {
			context.addValueInstantiators(new FieldStateInstantiators());
		}

	}

	private static UnbuildableValueException unbuildable(Class<?> type, JacksonException ex) {
		return new UnbuildableValueException(type.getName(), describe(ex));
	}

	/**
	 * Describes a Jackson failure without any field value: messages about data can quote it, so only
	 * the kind of failure, the type id or class definition problem, and the property path are kept.
	 * @param ex the failure
	 * @return the description
	 */
	static String describe(JacksonException ex) {
		StringBuilder description = new StringBuilder(ex.getClass().getSimpleName());
		if (ex instanceof InvalidTypeIdException typeIdProblem && typeIdProblem.getTypeId() != null) {
			description.append(" for type id ").append(typeIdProblem.getTypeId());
		}
		else if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			description.append(" building ").append(mismatch.getTargetType().getName());
		}
		else if (ex instanceof InvalidDefinitionException || ex instanceof StreamConstraintsException) {
			// About a class's definition or the document's nesting and sizes, never about data
			description.append(": ").append(ex.getOriginalMessage());
		}
		StringBuilder path = new StringBuilder();
		List<JacksonException.Reference> references = ex.getPath();
		for (JacksonException.Reference reference : references.subList(0, Math.min(references.size(), MAX_PATH))) {
			Object from = reference.from();
			if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
			else if (from instanceof Map || (from instanceof Class<?> type && Map.class.isAssignableFrom(type))) {
				// Map keys are data
				path.append("[key]");
			}
			else if (reference.getPropertyName() != null) {
				path.append('.').append(reference.getPropertyName());
			}
		}
		if (references.size() > MAX_PATH) {
			// A reference cycle makes paths as long as the nesting limit
			path.append("...");
		}
		if (!path.isEmpty()) {
			description.append(" at $").append(path);
		}
		return description.toString();
	}

}

package dev.cacheplatform.cache.codec;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/**
 * Writes a {@code java.sql.Timestamp} (what Hibernate puts in an entity's {@code java.util.Date}
 * timestamp field) as an ISO-8601 instant with its nanoseconds. Jackson's own format is epoch
 * milliseconds, which would drop them silently from values written after their shape was verified.
 */
final class SqlTimestampModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	SqlTimestampModule() {
		super("cache-platform-sql-timestamp");
		addSerializer(Timestamp.class, new Serializer());
		addDeserializer(Timestamp.class, new Deserializer());
	}

	private static final class Serializer extends StdScalarSerializer<Timestamp> {

		Serializer() {
			super(Timestamp.class);
		}

		@Override
		public void serialize(Timestamp value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(value.toInstant().toString());
		}

	}

	private static final class Deserializer extends StdScalarDeserializer<Timestamp> {

		Deserializer() {
			super(Timestamp.class);
		}

		@Override
		public Timestamp deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (Timestamp) context.handleUnexpectedToken(Timestamp.class, parser);
			}
			try {
				return Timestamp.from(InstantModule.parse(parser.getString()));
			}
			catch (DateTimeParseException ex) {
				return (Timestamp) context.handleWeirdStringValue(Timestamp.class, parser.getString(),
						"not an ISO-8601 instant");
			}
		}

	}

}

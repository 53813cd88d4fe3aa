package dev.cacheplatform.codec;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

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
 * Writes an {@code Instant}, and a {@code java.sql.Timestamp} (what Hibernate puts in an entity's
 * {@code java.util.Date} timestamp field), as {@link Instant#toString()}: ISO-8601, UTC, with every
 * nanosecond. Jackson's own format for a {@code Timestamp} is epoch milliseconds, which would drop the
 * nanoseconds silently from values written after their shape was verified. The canonical form is read
 * with a fixed-position parser. A profile of a cache hit on an entity with a timestamp
 * showed the JDK's {@code DateTimeFormatter.ISO_INSTANT} parsing as 44 % of the whole decode; anything
 * that is not the canonical form (offsets, years beyond 9999, leap seconds, lower-case letters) goes to
 * {@link Instant#parse}, so what is accepted and rejected is exactly the JDK's.
 */
final class InstantModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	private static final int[] NANOS_SCALE = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
			10, 1 };

	InstantModule() {
		super("cache-platform-instant");
		addSerializer(Instant.class, new Serializer<>(Instant.class, (instant) -> instant));
		addDeserializer(Instant.class, new Deserializer<>(Instant.class, (instant) -> instant));
		addSerializer(Timestamp.class, new Serializer<>(Timestamp.class, Timestamp::toInstant));
		addDeserializer(Timestamp.class, new Deserializer<>(Timestamp.class, Timestamp::from));
	}

	/**
	 * Parses an instant as {@link Instant#parse} does, fast for the form {@link Instant#toString()} writes.
	 * @param text the text
	 * @return the instant
	 * @throws DateTimeParseException if the text is not an ISO-8601 instant
	 */
	static Instant parse(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
			return Instant.parse(text);
		}
		int fractionDigits = 0;
		if (length > 20) {
			fractionDigits = length - 21;
			if (text.charAt(19) != '.' || fractionDigits < 1) {
				return Instant.parse(text);
			}
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int fraction = (fractionDigits > 0) ? digits(text, 20, fractionDigits) : 0;
		if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
			return Instant.parse(text);
		}
		try {
			long epochDay = LocalDate.of(year, month, day).toEpochDay();
			return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second,
					(long) fraction * NANOS_SCALE[fractionDigits]);
		}
		catch (DateTimeException ex) {
			// February 30th and the like: let the JDK word the error
			return Instant.parse(text);
		}
	}

	// -1 unless every character is an ASCII digit
	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			int digit = text.charAt(i) - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private static final class Serializer<T> extends StdScalarSerializer<T> {

		private final Function<T, Instant> toInstant;

		Serializer(Class<T> type, Function<T, Instant> toInstant) {
			super(type);
			this.toInstant = toInstant;
		}

		@Override
		public void serialize(T value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(this.toInstant.apply(value).toString());
		}

	}

	private static final class Deserializer<T> extends StdScalarDeserializer<T> {

		private final transient Function<Instant, T> fromInstant;

		Deserializer(Class<T> type, Function<Instant, T> fromInstant) {
			super(type);
			this.fromInstant = fromInstant;
		}

		@Override
		@SuppressWarnings("unchecked")
		public T deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (T) context.handleUnexpectedToken(handledType(), parser);
			}
			try {
				return this.fromInstant.apply(parse(parser.getString()));
			}
			catch (DateTimeParseException ex) {
				return (T) context.handleWeirdStringValue(handledType(), parser.getString(), "not an ISO-8601 instant");
			}
		}

	}

}

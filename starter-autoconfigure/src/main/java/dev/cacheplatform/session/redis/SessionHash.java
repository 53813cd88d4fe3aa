package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a session's Redis hash: {@code creationTime} and {@code lastAccessedTime} (epoch
 * milliseconds), {@code maxInactiveMillis} (the idle timeout; zero or less: never expires), and one field
 * {@code sessionAttr:<name>} per attribute holding the {@link SessionCodec}'s bytes. Numbers are decimal
 * ASCII, so {@code redis-cli HGETALL} shows them as they are.
 */
final class SessionHash {

	static final byte[] CREATION_TIME = bytes("creationTime");

	static final byte[] LAST_ACCESSED_TIME = bytes("lastAccessedTime");

	static final byte[] MAX_INACTIVE = bytes("maxInactiveMillis");

	private static final String ATTRIBUTE_PREFIX = "sessionAttr:";

	private SessionHash() {
	}

	static byte[] attributeField(String name) {
		return bytes(ATTRIBUTE_PREFIX + name);
	}

	/** Adds the field and value of a time to a list of pairs. */
	static void putMillis(List<byte[]> pairs, byte[] field, long millis) {
		pairs.add(field);
		pairs.add(bytes(Long.toString(millis)));
	}

	/**
	 * Reads a whole session from its hash.
	 * @param id the id the hash was read under
	 * @param hash the fields, as {@code HGETALL} returns them; not empty
	 * @param codec reads the attributes
	 * @param stale receives the names of attributes the codec wants written again (an older key)
	 * @return the session
	 * @throws SessionUnreadableException if a field is missing or unreadable
	 */
	static SessionState read(String id, Map<byte[], byte[]> hash, SessionCodec codec, Set<String> stale)
			throws SessionUnreadableException {
		Long creationTime = null;
		Long lastAccessedTime = null;
		Long maxInactive = null;
		Map<String, Object> attributes = new HashMap<>();
		for (Map.Entry<byte[], byte[]> field : hash.entrySet()) {
			String name = new String(field.getKey(), StandardCharsets.UTF_8);
			byte[] value = field.getValue();
			if (name.startsWith(ATTRIBUTE_PREFIX)) {
				String attribute = name.substring(ATTRIBUTE_PREFIX.length());
				attributes.put(attribute, codec.decodeAttribute(id, attribute, value));
				if (codec.needsRewrite(value)) {
					stale.add(attribute);
				}
			}
			else if (name.equals("creationTime")) {
				creationTime = number(name, value);
			}
			else if (name.equals("lastAccessedTime")) {
				lastAccessedTime = number(name, value);
			}
			else if (name.equals("maxInactiveMillis")) {
				maxInactive = number(name, value);
			}
		}
		if (creationTime == null || lastAccessedTime == null || maxInactive == null) {
			throw new SessionUnreadableException(
					"Cannot read session: its hash lacks creationTime, lastAccessedTime or maxInactiveMillis", null);
		}
		return new SessionState(id, Instant.ofEpochMilli(creationTime), Instant.ofEpochMilli(lastAccessedTime),
				Duration.ofMillis(maxInactive), attributes);
	}

	private static long number(String field, byte[] value) throws SessionUnreadableException {
		try {
			return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			throw new SessionUnreadableException("Cannot read session: its field " + field + " is not a number", null);
		}
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package dev.cacheplatform.session.redis;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything stored of one session, as one value: what a {@link SessionCodec} writes to and reads from
 * the session's Redis key.
 *
 * @param id the session id
 * @param creationTime when the session was created
 * @param lastAccessedTime the last access time as of this write
 * @param maxInactiveInterval the idle timeout; zero or negative means the session never expires
 * @param attributes the attributes, none of them {@code null}; copied, unmodifiable
 */
public record SessionState(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
		Map<String, Object> attributes) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionState {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(creationTime, "creationTime");
		Objects.requireNonNull(lastAccessedTime, "lastAccessedTime");
		Objects.requireNonNull(maxInactiveInterval, "maxInactiveInterval");
		attributes = Map.copyOf(attributes);
	}

	@Override
	public String toString() {
		// Ids are credentials and attributes are user data: neither belongs in a log line
		return "SessionState[attributes=" + this.attributes.keySet() + "]";
	}

}

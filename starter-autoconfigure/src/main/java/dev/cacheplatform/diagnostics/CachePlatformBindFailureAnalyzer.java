package dev.cacheplatform.diagnostics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Reports a {@code cache-platform.*} value that could not be bound (an unknown driver, a malformed
 * duration, a negative TTL) in the same shape as {@link InvalidSettingFailureAnalyzer}: the variable
 * that set it, the value with secrets masked, and the accepted values written the way the variable
 * takes them ({@code redis-cluster}, not {@code REDIS_CLUSTER}). Runs before Boot's generic analyzer,
 * which would print a URL's password. {@code SESSION_STORE=memcached} gets its own reason: memcached keeps no
 * sessions.
 */
class CachePlatformBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String SESSION_STORE = "cache-platform.session.store";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith("cache-platform.")) {
			return null;
		}
		String name = property.getName().toString();
		String setting = SettingNames.describe(name, property.getOrigin());
		String value = display(name, property.getValue());
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		Class<?> targetType = (conversion != null) ? conversion.getTargetType().getType() : null;
		String problem = (conversion != null) ? "it cannot be read as " + typeName(targetType) : rootMessage(cause);
		String accepted = accepted(targetType, name);
		if (name.equals(SESSION_STORE) && value.trim().equalsIgnoreCase("memcached")) {
			problem = "memcached cannot keep sessions: it has no persistence and evicts items whenever it needs room, "
					+ "so users would be signed out at random (CACHE_DRIVER=memcached is fine for caching)";
			accepted = accepted + " (redis for sessions that survive restarts, e.g. SESSION_REDIS_URL)";
		}
		InvalidSettingException exception = new InvalidSettingException(setting, value, problem, accepted);
		return new InvalidSettingFailureAnalyzer().analyze(exception);
	}

	private static String display(String name, @Nullable Object value) {
		String text = String.valueOf(value);
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith("password") || lower.endsWith("key") || lower.endsWith("secret")) {
			return Redaction.MASK;
		}
		return Redaction.url(text);
	}

	private static String rootMessage(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static String typeName(@Nullable Class<?> type) {
		if (type == null) {
			return "a value";
		}
		if (type.isEnum()) {
			return "one of the accepted names";
		}
		if (Duration.class.equals(type)) {
			return "a duration";
		}
		return "a " + type.getSimpleName();
	}

	static String accepted(@Nullable Class<?> type, String name) {
		if (type == null) {
			type = (name.endsWith("ttl") || name.endsWith("timeout") || name.endsWith("interval")) ? Duration.class
					: Long.class;
		}
		if (type.isEnum()) {
			return Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (Duration.class.equals(type)) {
			return "a duration such as 300s, 500ms, 5m, 12h or 1d (variables ending in _SECONDS and "
					+ "CACHE_TTLS also take whole seconds); 0 means no expiry for TTLs, negatives are rejected";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number (positive for capacities, 0-15 or up to the server's count for databases, 1-65535 for ports)";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		return "a value of type " + type.getSimpleName();
	}

}

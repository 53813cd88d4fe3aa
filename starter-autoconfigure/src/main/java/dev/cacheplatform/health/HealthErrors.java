package dev.cacheplatform.health;

import java.util.regex.Pattern;

/**
 * Turns a failure into a short line for health details: exception type and message of the root cause,
 * with anything that looks like credentials in a URL masked.
 */
final class HealthErrors {

	private static final Pattern USER_INFO = Pattern.compile("(?i)(rediss?://)[^@/\\s]*@");

	private HealthErrors() {
	}

	static String describe(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : "";
		message = USER_INFO.matcher(message).replaceAll("$1****@");
		return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

}

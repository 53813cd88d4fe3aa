package dev.cacheplatform.actuate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cacheplatform.diagnostics.Redaction;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks Cache Platform's secrets in {@code /actuator/env} and {@code /actuator/configprops} whatever
 * {@code management.endpoint.env.show-values} and {@code configprops.show-values} say (with
 * {@code ALWAYS}, Spring Boot's own rules would show a password in {@code REDIS_URL}, for example):
 * <ul>
 * <li>passwords, keys and secrets of our settings, as properties ({@code cache-platform.*},
 * {@code spring.data.redis.*}, {@code spring.session.*}) or as variables ({@code REDIS_*}, {@code CACHE_*},
 * {@code SESSION_*}, {@code MEMCACHED_*}): {@code REDIS_PASSWORD}, {@code CACHE_PASSWORD},
 * {@code REDIS_SENTINEL_PASSWORD}, {@code SESSION_ENCRYPTION_KEYS}, any SASL password, are shown as
 * {@value SanitizableData#SANITIZED_VALUE};</li>
 * <li>connection URLs ({@code REDIS_URL}, {@code CACHE_REDIS_URL}, {@code SESSION_REDIS_URL},
 * {@code cache-platform.redis.url}, any {@code redis://}, {@code rediss://}, {@code redis-socket://} or
 * {@code memcached://} value) keep their host but show their password as {@value Redaction#MASK}.</li>
 * <li>the JVM's command line ({@code sun.java.command}, a system property the env endpoint lists): a
 * secret passed as an argument ({@code --spring.data.redis.password=...}, {@code -Dcache-platform...})
 * or inside a connection URL argument is masked the same way, the rest of the line stays.</li>
 * </ul>
 */
final class SecretSanitizingFunction implements SanitizingFunction {

	private static final Pattern OUR_VARIABLE = Pattern.compile("(REDIS|CACHE|SESSION|MEMCACHED)_[A-Z0-9_]*");

	private static final String[] OUR_PREFIXES = { "cache-platform.", "spring.data.redis.", "spring.session." };

	/** The end of a normalised key (lower case, separators removed) that names a secret. */
	private static final Pattern SECRET_NAME = Pattern.compile(".*(password|passwd|secret|keys?|credentials?|token)$");

	private static final Pattern CONNECTION_URL = Pattern.compile("(?i)(redis|rediss|redis-socket|memcached)://.*");

	/** The system property that holds the JVM's command line, arguments included. */
	private static final String COMMAND_LINE = "sun.java.command";

	/** A {@code --name=value} or {@code -Dname=value} argument. */
	private static final Pattern ARGUMENT = Pattern.compile("(--|-D)([^=\\s]+)=(.*)");

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		String key = data.getKey();
		if (COMMAND_LINE.equals(key)) {
			String masked = commandLine(value.toString());
			return masked.equals(value.toString()) ? data : data.withValue(masked);
		}
		boolean ours = isOurs(key);
		if (ours && isSecretName(key)) {
			return data.withSanitizedValue();
		}
		String text = value.toString();
		if ((ours || CONNECTION_URL.matcher(text).matches()) && text.contains("://")) {
			String masked = Redaction.url(text);
			return masked.equals(text) ? data : data.withValue(masked);
		}
		return data;
	}

	// Masks each argument on its own, so a password passed on the command line is as safe as in a variable
	private static String commandLine(String line) {
		String[] words = line.split(" ", -1);
		for (int i = 0; i < words.length; i++) {
			Matcher argument = ARGUMENT.matcher(words[i]);
			if (argument.matches() && isOurs(argument.group(2)) && isSecretName(argument.group(2))) {
				words[i] = argument.group(1) + argument.group(2) + "=" + SanitizableData.SANITIZED_VALUE;
			}
			else if (words[i].contains("://")) {
				words[i] = Redaction.url(words[i]);
			}
		}
		return String.join(" ", words);
	}

	private static boolean isOurs(String key) {
		if (OUR_VARIABLE.matcher(key).matches()) {
			return true;
		}
		String lower = key.toLowerCase(Locale.ROOT);
		for (String prefix : OUR_PREFIXES) {
			if (lower.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isSecretName(String key) {
		String normalised = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return SECRET_NAME.matcher(normalised).matches();
	}

}

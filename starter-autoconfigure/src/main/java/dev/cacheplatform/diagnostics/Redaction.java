package dev.cacheplatform.diagnostics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Masks secrets before a value reaches a log line, an exception message or {@code toString()}.
 */
public final class Redaction {

	/** What a secret is shown as. */
	public static final String MASK = "****";

	/** A {@code password=} query parameter. */
	private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)(password=)[^&#]*");

	/** A URL with userinfo inside free text, such as an exception message. */
	private static final Pattern URL_WITH_USER_INFO = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^@/\\s]*@");

	private Redaction() {
	}

	/**
	 * Returns the URL with the password of its userinfo (everything between the first ':' after the
	 * scheme and the last '@', so an unencoded '@' in a password is covered too) and any
	 * {@code password=} parameter replaced by {@link #MASK}; the username stays. Works on malformed
	 * URLs as well, since those are the ones that end up in error messages.
	 * @param url a connection URL such as {@code redis://app:secret@host:6379/1}
	 * @return the URL safe to print
	 */
	public static String url(@Nullable String url) {
		if (url == null) {
			return "null";
		}
		String masked = QUERY_PASSWORD.matcher(url).replaceAll("$1" + MASK);
		int at = masked.lastIndexOf('@');
		if (at < 0) {
			return masked;
		}
		int schemeEnd = masked.indexOf("://");
		int start = (schemeEnd >= 0 && schemeEnd < at) ? schemeEnd + 3 : 0;
		String userInfo = masked.substring(start, at);
		int colon = userInfo.indexOf(':');
		String safeUserInfo = userInfo.isEmpty() ? "" : (colon < 0) ? MASK : userInfo.substring(0, colon) + ":" + MASK;
		return masked.substring(0, start) + safeUserInfo + masked.substring(at);
	}

	/**
	 * Returns free text (an exception message, say) with the password of every URL in it masked as
	 * {@link #url(String)} masks one, and any {@code password=} parameter masked.
	 * @param text the text
	 * @return the text safe to print
	 */
	public static String urlsIn(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		Matcher matcher = URL_WITH_USER_INFO.matcher(text);
		StringBuilder masked = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(masked, Matcher.quoteReplacement(url(matcher.group())));
		}
		matcher.appendTail(masked);
		return QUERY_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
	}

	/**
	 * Returns {@link #MASK} for a present secret and {@code "none"} for an absent one.
	 * @param secret a password or key
	 * @return what may be printed in its place
	 */
	public static String secret(@Nullable String secret) {
		return (secret == null || secret.isEmpty()) ? "none" : MASK;
	}

}

package dev.cacheplatform.tenant;

import java.util.regex.Pattern;

/**
 * The accepted form of a tenant id: 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}, starting with a
 * letter or digit. That excludes everything with a meaning in a key or a SCAN pattern ({@code : * ? [ ]
 * \}), spaces and control characters.
 */
public final class TenantIds {

	/** The longest accepted tenant id. */
	public static final int MAX_LENGTH = 64;

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

	private TenantIds() {
	}

	/**
	 * Checks a tenant id.
	 * @param tenant the id
	 * @return the same id
	 * @throws InvalidTenantIdException if it is not of the accepted form
	 */
	public static String validate(String tenant) {
		if (!VALID.matcher(tenant).matches()) {
			throw new InvalidTenantIdException("Invalid tenant id '" + printable(tenant) + "': a tenant id is 1 to "
					+ MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
		}
		return tenant;
	}

	private static String printable(String text) {
		StringBuilder shown = new StringBuilder();
		for (int i = 0; i < Math.min(text.length(), 80); i++) {
			char c = text.charAt(i);
			shown.append((c < 0x20 || c == 0x7f) ? String.format("\\u%04x", (int) c) : c);
		}
		return (text.length() > 80) ? shown + "... (" + text.length() + " characters)" : shown.toString();
	}

}

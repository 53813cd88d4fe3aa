package dev.cacheplatform.cache.redis;

/**
 * SCAN MATCH patterns built from literal key parts. Redis glob treats {@code * ? [ ] \} as special;
 * a prefix or cache name containing them must match only itself, never other applications' keys.
 */
final class KeyPatterns {

	private KeyPatterns() {
	}

	/**
	 * @param literal text to match verbatim
	 * @return the text with every glob metacharacter escaped
	 */
	static String escape(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length() + 8);
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}

package dev.cacheplatform.cache.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.cacheplatform.cache.CacheScope;

/**
 * How the memcached store names things on the server. An entry is
 * {@code <prefix><tenant>:<cache>#<all-tenants generation>.<scope generation>::<key>} (without {@code <tenant>:}
 * for untenanted entries): the Redis layout with the two generation numbers a clear changes. The generations
 * themselves live in {@code <prefix>#gen:<tenant>:<cache>} (one scope) and {@code <prefix>#gen*:<cache>} (every
 * tenant of a cache).
 * <p>
 * Memcached refuses keys over {@value #MAX_KEY_BYTES} bytes and keys with spaces or control characters. Such a
 * key keeps its readable part, those characters replaced by {@code _}, as far as it fits, followed by {@code #}
 * and the SHA-256 of the whole key in hex, so two different keys never share a name.
 */
final class MemcachedKeys {

	/** Memcached's limit on a key's length. */
	static final int MAX_KEY_BYTES = 250;

	/** {@code #} and 64 hex digits. */
	private static final int HASH_SUFFIX_BYTES = 65;

	private final String prefix;

	MemcachedKeys(String prefix) {
		this.prefix = prefix;
	}

	String prefix() {
		return this.prefix;
	}

	/**
	 * @param scope the cache and tenant (not all tenants)
	 * @return the key of that scope's generation number
	 */
	String scopeGeneration(CacheScope scope) {
		return safe(this.prefix + "#gen:" + scope.qualifiedName());
	}

	/**
	 * @param cacheName the cache name
	 * @return the key of the generation number every tenant of the cache shares
	 */
	String allTenantsGeneration(String cacheName) {
		return safe(this.prefix + "#gen*:" + cacheName);
	}

	/**
	 * @param scope the cache and tenant
	 * @param generations the generation numbers in effect
	 * @param key the key's text
	 * @return the entry's key on the server
	 */
	String entry(CacheScope scope, Generations.Pair generations, String key) {
		return safe(this.prefix + scope.qualifiedName() + "#" + generations.allTenants() + "." + generations.scope()
				+ "::" + key);
	}

	/**
	 * @param key a key as composed
	 * @return the key itself when memcached accepts it, else its readable part and its hash
	 */
	static String safe(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_KEY_BYTES && acceptable(key)) {
			return key;
		}
		StringBuilder readable = new StringBuilder();
		int length = 0;
		for (int i = 0; i < key.length();) {
			int codePoint = key.codePointAt(i);
			String part = (codePoint <= 0x20 || codePoint == 0x7f || Character.isWhitespace(codePoint)
					|| Character.isISOControl(codePoint)) ? "_" : new String(Character.toChars(codePoint));
			int partLength = part.getBytes(StandardCharsets.UTF_8).length;
			if (length + partLength > MAX_KEY_BYTES - HASH_SUFFIX_BYTES) {
				break;
			}
			readable.append(part);
			length += partLength;
			i += Character.charCount(codePoint);
		}
		return readable.append('#').append(sha256(bytes)).toString();
	}

	private static boolean acceptable(String key) {
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
				return false;
			}
		}
		return true;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}

package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.codec.ValueNotStorableException;
import dev.cacheplatform.codec.ValueUnreadableException;
import org.jspecify.annotations.Nullable;

/**
 * The session codec: each attribute value in the cache's {@link EnvelopeCodec} (Java serialization read
 * through an allow-list, LZ4 from 1 KiB), optionally encrypted with AES-GCM bound to the session id and
 * attribute name. Whole sessions ({@link SessionState}) in the older one-value format are still read.
 * <p>
 * The allow-list is the given one plus {@code org.springframework.security} (the security context),
 * {@code org.springframework.session} and this package (the state itself).
 * <p>
 * Every attribute encode is read back once before it is stored. Writes are rare (a change), and it turns
 * an attribute that could never be read (a type outside the allow-list deep inside it) into an error at
 * {@code save} instead of a user silently logged out on the next request.
 * <p>
 * With keys, every write is encrypted with the first key and any configured key reads (rotation: put the
 * new key first, keep the old one until sessions written with it have expired). Plaintext sessions are
 * still read, so switching encryption on logs nobody out; each is encrypted at its next write. Encryption
 * here protects session contents at rest (snapshots, AOF files, backups, a replica's disk); it does not stop
 * someone who can write to Redis from planting a plaintext session.
 */
public final class EnvelopeSessionCodec implements SessionCodec {

	private static final List<String> SESSION_PACKAGES = List.of("org.springframework.security",
			"org.springframework.session", SessionState.class.getPackageName());

	private static final int COMPRESSION_THRESHOLD = 1024;

	private final EnvelopeCodec envelope;

	private final @Nullable SessionEncryption encryption;

	/**
	 * A codec that stores sessions unencrypted.
	 * @param allowList the application's allowed packages
	 * @param warnings receives the envelope codec's warnings (refused types)
	 */
	public EnvelopeSessionCodec(TypeAllowList allowList, Consumer<String> warnings) {
		this(allowList, List.of(), warnings);
	}

	/**
	 * @param allowList the application's allowed packages
	 * @param keys AES keys of 16, 24 or 32 bytes; the first encrypts, all decrypt; empty for no encryption
	 * @param warnings receives the envelope codec's warnings (refused types)
	 * @throws IllegalArgumentException naming the position (never the value) of an unusable key
	 */
	public EnvelopeSessionCodec(TypeAllowList allowList, List<byte[]> keys, Consumer<String> warnings) {
		List<String> packages = new ArrayList<>(allowList.packages());
		packages.addAll(SESSION_PACKAGES);
		this.envelope = new EnvelopeCodec(TypeAllowList.of(packages), Format.JDK, Compression.LZ4,
				COMPRESSION_THRESHOLD, warnings);
		this.encryption = keys.isEmpty() ? null : new SessionEncryption(keys);
	}

	@Override
	public byte[] encodeAttribute(String sessionId, String name, Object value) {
		byte[] plain = this.envelope.encode(value);
		try {
			readEnvelope(plain);
		}
		catch (SessionUnreadableException ex) {
			throw new ValueNotStorableException(value.getClass(),
					"Cannot store the session attribute '" + name + "': it could not be read back. " + ex.getMessage(),
					ex);
		}
		return (this.encryption != null) ? this.encryption.encrypt(plain, context(sessionId, name)) : plain;
	}

	@Override
	public Object decodeAttribute(String sessionId, String name, byte[] bytes) throws SessionUnreadableException {
		return readEnvelope(decrypt(bytes, context(sessionId, name)));
	}

	@Override
	public boolean needsRewrite(byte[] bytes) {
		return this.encryption != null && !this.encryption.isWritingKey(bytes);
	}

	@Override
	public byte[] encode(SessionState state) {
		byte[] plain = this.envelope.encode(state);
		return (this.encryption != null) ? this.encryption.encrypt(plain) : plain;
	}

	@Override
	public SessionState decode(byte[] bytes) throws SessionUnreadableException {
		Object value = readEnvelope(decrypt(bytes, new byte[0]));
		if (!(value instanceof SessionState state)) {
			throw new SessionUnreadableException("Cannot read session: the stored value is a "
					+ value.getClass().getName() + ", not a " + SessionState.class.getSimpleName(), null);
		}
		return state;
	}

	private byte[] decrypt(byte[] bytes, byte[] context) throws SessionUnreadableException {
		if (!SessionEncryption.isEncrypted(bytes)) {
			return bytes;
		}
		if (this.encryption == null) {
			throw new SessionUnreadableException("Cannot read session: it is encrypted and no key is configured", null);
		}
		return this.encryption.decrypt(bytes, context);
	}

	/** The session id and attribute name an encrypted attribute is bound to. */
	private static byte[] context(String sessionId, String name) {
		return (sessionId + '\n' + name).getBytes(StandardCharsets.UTF_8);
	}

	private Object readEnvelope(byte[] bytes) throws SessionUnreadableException {
		Object value;
		try {
			value = this.envelope.decode(bytes);
		}
		catch (ValueUnreadableException ex) {
			throw new SessionUnreadableException(ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			// A class's own readObject or constructor failed: its message may quote data
			throw new SessionUnreadableException("Cannot read session (" + ex.getClass().getSimpleName() + ")", null);
		}
		if (value == null) {
			throw new SessionUnreadableException("Cannot read session: a stored value is empty", null);
		}
		return value;
	}

	/**
	 * Parses encryption keys from configuration.
	 * @param commaSeparatedBase64 base64 (standard or URL-safe) AES keys separated by commas, the writing
	 * key first; blank for none
	 * @return the keys, in order
	 * @throws IllegalArgumentException naming the position of an entry that is empty, not base64 or not 16,
	 * 24 or 32 bytes long; never its value
	 */
	public static List<byte[]> parseKeys(String commaSeparatedBase64) {
		if (commaSeparatedBase64.isBlank()) {
			return List.of();
		}
		String[] entries = commaSeparatedBase64.split(",", -1);
		List<byte[]> keys = new ArrayList<>(entries.length);
		for (int i = 0; i < entries.length; i++) {
			byte[] key = decodeBase64(entries[i].strip(), i + 1, entries.length);
			SessionEncryption.checkLength(key.length, i + 1);
			keys.add(key);
		}
		return keys;
	}

	private static byte[] decodeBase64(String entry, int position, int count) {
		if (entry.isEmpty()) {
			throw new IllegalArgumentException("Encryption key " + position + " of " + count + " is empty");
		}
		try {
			return Base64.getDecoder().decode(entry);
		}
		catch (IllegalArgumentException ex) {
			try {
				return Base64.getUrlDecoder().decode(entry);
			}
			catch (IllegalArgumentException urlEx) {
				// No cause: the decoder's message quotes the offending character of the key
				throw new IllegalArgumentException(
						"Encryption key " + position + " of " + count + " is not valid base64");
			}
		}
	}

	@Override
	public String toString() {
		return "EnvelopeSessionCodec[" + ((this.encryption != null) ? this.encryption : "unencrypted") + "]";
	}

}

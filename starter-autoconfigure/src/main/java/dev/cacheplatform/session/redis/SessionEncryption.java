package dev.cacheplatform.session.redis;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * AES-GCM encryption of stored sessions, with key rotation: the first key writes, every key reads.
 * <p>
 * Layout: {@code [0xE5][version][4-byte key id][12-byte IV][ciphertext and 16-byte tag]}. The key id is
 * the first 4 bytes of the SHA-256 of the key, so a reader picks the right key without trying each one.
 * The first 6 bytes are authenticated too (additional data). Version 2 also authenticates a context given
 * by the caller (a session attribute's session id and name), so a value copied to another session or
 * attribute does not decrypt; version 1 (whole sessions, before attributes were stored one by one) has
 * none and is still read. IVs are random per write, which keeps a key safe for 2^32 writes.
 * <p>
 * Keys never appear in a message or {@code toString()}.
 */
final class SessionEncryption {

	static final byte MARKER = (byte) 0xE5;

	private static final byte WHOLE_SESSION = 1;

	private static final byte WITH_CONTEXT = 2;

	private static final int KEY_ID_LENGTH = 4;

	private static final int IV_LENGTH = 12;

	private static final int HEADER_LENGTH = 2 + KEY_ID_LENGTH + IV_LENGTH;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final List<Key> keys;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param keys AES keys of 16, 24 or 32 bytes, at least one; the first one writes
	 * @throws IllegalArgumentException naming the position of a key of the wrong length, or of two
	 * different keys that share a key id
	 */
	SessionEncryption(List<byte[]> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("At least one encryption key is needed");
		}
		List<Key> parsed = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			byte[] key = keys.get(i);
			checkLength(key.length, i + 1);
			Key candidate = new Key(keyId(key), new SecretKeySpec(key, "AES"));
			for (Key existing : parsed) {
				if (existing.id == candidate.id && !existing.spec.equals(candidate.spec)) {
					throw new IllegalArgumentException("Encryption keys " + (parsed.indexOf(existing) + 1) + " and "
							+ (i + 1) + " share a key id: replace one of them");
				}
			}
			parsed.add(candidate);
		}
		this.keys = List.copyOf(parsed);
	}

	static void checkLength(int length, int position) {
		if (length != 16 && length != 24 && length != 32) {
			throw new IllegalArgumentException("Encryption key " + position + " is " + length
					+ " bytes long; AES keys are 16, 24 or 32 bytes (for example: openssl rand -base64 32)");
		}
	}

	static boolean isEncrypted(byte[] bytes) {
		return bytes.length > 0 && bytes[0] == MARKER;
	}

	/**
	 * Encrypts bound to a context: the bytes only decrypt with the same context.
	 * @param plaintext the bytes to encrypt
	 * @param context authenticated, not stored (for example a session id and attribute name)
	 * @return the encrypted bytes
	 */
	byte[] encrypt(byte[] plaintext, byte[] context) {
		return encrypt(plaintext, WITH_CONTEXT, context);
	}

	/** Encrypts in the version 1 layout, without a context; kept to write old-format sessions in tests. */
	byte[] encrypt(byte[] plaintext) {
		return encrypt(plaintext, WHOLE_SESSION, new byte[0]);
	}

	private byte[] encrypt(byte[] plaintext, byte version, byte[] context) {
		Key key = this.keys.get(0);
		byte[] iv = new byte[IV_LENGTH];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BITS, iv));
			ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + cipher.getOutputSize(plaintext.length));
			out.put(MARKER).put(version).putInt(key.id).put(iv);
			cipher.updateAAD(out.array(), 0, 2 + KEY_ID_LENGTH);
			if (context.length > 0) {
				cipher.updateAAD(context);
			}
			cipher.doFinal(ByteBuffer.wrap(plaintext), out);
			return out.array();
		}
		catch (GeneralSecurityException ex) {
			// Every JDK has AES-GCM; getting here means a broken JCE setup, not bad data
			throw new IllegalStateException("AES/GCM encryption failed (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Decrypts bytes written with the given context (version 2) or, when the context is empty, of version 1.
	 * @param bytes the stored bytes
	 * @param context the context they were encrypted with; empty for version 1
	 * @return the plaintext
	 * @throws SessionUnreadableException if truncated, of an unknown version or key, or altered
	 */
	byte[] decrypt(byte[] bytes, byte[] context) throws SessionUnreadableException {
		if (bytes.length < HEADER_LENGTH + TAG_BITS / 8) {
			throw unreadable("the encrypted session is truncated");
		}
		if (bytes[1] != WHOLE_SESSION && bytes[1] != WITH_CONTEXT) {
			throw unreadable("encryption format version " + Byte.toUnsignedInt(bytes[1]) + " is not supported");
		}
		if ((bytes[1] == WITH_CONTEXT) != (context.length > 0)) {
			throw unreadable("its encryption format version " + bytes[1] + " does not belong in this place");
		}
		int id = ByteBuffer.wrap(bytes, 2, KEY_ID_LENGTH).getInt();
		Key key = find(id);
		if (key == null) {
			throw unreadable("it was encrypted with a key that is not configured (key id "
					+ HexFormat.of().toHexDigits(id) + ")");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			GCMParameterSpec parameters = new GCMParameterSpec(TAG_BITS, bytes, 2 + KEY_ID_LENGTH, IV_LENGTH);
			cipher.init(Cipher.DECRYPT_MODE, key.spec, parameters);
			cipher.updateAAD(bytes, 0, 2 + KEY_ID_LENGTH);
			if (bytes[1] == WITH_CONTEXT) {
				cipher.updateAAD(context);
			}
			return cipher.doFinal(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw unreadable("its authentication tag does not match: altered, moved from another session or "
					+ "attribute, or not written with the key of its id ("
					+ ex.getClass().getSimpleName() + ")");
		}
	}

	/** @return whether the bytes are encrypted with the key that writes */
	boolean isWritingKey(byte[] bytes) {
		return isEncrypted(bytes) && bytes.length >= 2 + KEY_ID_LENGTH
				&& ByteBuffer.wrap(bytes, 2, KEY_ID_LENGTH).getInt() == this.keys.get(0).id;
	}

	int keyCount() {
		return this.keys.size();
	}

	private @Nullable Key find(int id) {
		for (Key key : this.keys) {
			if (key.id == id) {
				return key;
			}
		}
		return null;
	}

	/** @return the first 4 bytes of the SHA-256 of the key, as an int */
	static int keyId(byte[] key) {
		try {
			return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key), 0, KEY_ID_LENGTH).getInt();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static SessionUnreadableException unreadable(String problem) {
		return new SessionUnreadableException("Cannot read session: " + problem, null);
	}

	@Override
	public String toString() {
		return "SessionEncryption[AES-GCM, keys=" + this.keys.size() + "]";
	}

	private static final class Key {

		final int id;

		final SecretKeySpec spec;

		Key(int id, SecretKeySpec spec) {
			this.id = id;
			this.spec = spec;
		}

	}

}

package dev.cacheplatform.cache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Java serialization, read through the {@link TypeAllowList}. The bytes are a plain
 * {@code ObjectOutputStream} stream, exactly what Spring Data Redis's JDK serializer writes, so entries
 * written by stock Spring read too.
 * <p>
 * Reading checks each class name before the class is loaded, refuses proxies, and bounds the stream
 * with an {@link ObjectInputFilter}: depth, references, bytes and array lengths.
 */
final class JdkValueCodec {

	private static final int MAX_DEPTH = 100;

	private static final long MAX_REFERENCES = 1_000_000;

	private static final int MAX_ARRAY_LENGTH = 16 * 1024 * 1024;

	private final TypeAllowList allowList;

	private final ClassLoader classLoader;

	JdkValueCodec(TypeAllowList allowList, ClassLoader classLoader) {
		this.allowList = allowList;
		this.classLoader = classLoader;
	}

	/**
	 * @param value the value
	 * @return its serialized form
	 * @throws NotSerializableException if the value holds an object that is not {@code Serializable}
	 * (the message is its class name)
	 * @throws IOException if a class's own serialization code fails
	 */
	byte[] write(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	/**
	 * @param bytes holds the stream
	 * @param offset where the stream starts
	 * @param length the stream's length
	 * @return the value
	 * @throws RefusedTypeException if the stream names a class outside the allow-list
	 * @throws ValueUnreadableException if the stream is corrupt, exceeds the limits or names classes that
	 * changed incompatibly
	 */
	Object read(byte[] bytes, int offset, int length) {
		try (FilteredInputStream in = new FilteredInputStream(new ByteArrayInputStream(bytes, offset, length))) {
			try {
				return in.readObject();
			}
			catch (IOException | ClassNotFoundException | RuntimeException ex) {
				if (in.refusedType != null) {
					throw new RefusedTypeException(in.refusedType, in.rootType, this.allowList.settingHint());
				}
				// Exception messages from classes' own readObject code can quote data: keep only the kind
				throw new ValueUnreadableException("Cannot read cached value"
						+ ((in.rootType != null) ? " of type " + in.rootType : "")
						+ ": its Java serialization stream is corrupt, exceeds the limits or no longer fits the class ("
						+ ex.getClass().getSimpleName() + ")", null);
			}
		}
		catch (IOException ex) {
			throw new ValueUnreadableException("Cannot read cached value: its Java serialization stream header is "
					+ "corrupt (" + ex.getClass().getSimpleName() + ")", null);
		}
	}

	private final class FilteredInputStream extends ObjectInputStream {

		/** The first class of the stream, for messages. */
		@Nullable String rootType;

		/** A class the allow-list refused, if any. */
		@Nullable String refusedType;

		FilteredInputStream(InputStream in) throws IOException {
			super(in);
			setObjectInputFilter(this::check);
		}

		@Override
		protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
			String name = descriptor.getName();
			if (this.rootType == null) {
				this.rootType = name;
			}
			// Decided on the name, so a refused class is not even loaded
			if (!JdkValueCodec.this.allowList.isAllowed(name)) {
				this.refusedType = name;
				throw new InvalidClassException(name, "not on the cache allow-list");
			}
			return ClassUtils.forName(name, JdkValueCodec.this.classLoader);
		}

		@Override
		protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
			throw new InvalidClassException("Dynamic proxies are not cache values");
		}

		private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
			if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES
					|| info.streamBytes() > PayloadCompression.MAX_UNCOMPRESSED_BYTES
					|| info.arrayLength() > MAX_ARRAY_LENGTH) {
				return ObjectInputFilter.Status.REJECTED;
			}
			Class<?> type = info.serialClass();
			if (type == null) {
				return ObjectInputFilter.Status.UNDECIDED;
			}
			// Second line of defence behind resolveClass: also sees array classes and every superclass
			if (!JdkValueCodec.this.allowList.isAllowed(type)) {
				this.refusedType = type.getName();
				return ObjectInputFilter.Status.REJECTED;
			}
			return ObjectInputFilter.Status.ALLOWED;
		}

	}

}

package dev.cacheplatform.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Java serialization, read through the {@link TypeAllowList}. The bytes are a plain
 * {@code ObjectOutputStream} stream, exactly what Spring Data Redis's JDK serializer writes, so entries
 * written by stock Spring read too.
 * <p>
 * Reading checks each class name before the class is loaded, refuses proxies, and bounds the stream
 * with an {@link ObjectInputFilter}, so crafted bytes cost bounded CPU and memory:
 * <ul>
 * <li>depth at most {@value #MAX_DEPTH}: the nesting a value of records, collections and entities needs
 * (the JDK's own RMI registry filter uses the same);</li>
 * <li>collections nested at most {@value #MAX_NESTED_COLLECTIONS} deep (a map of lists of sets is 3): a
 * graph of nested {@code HashSet}s sharing their members doubles its hashing cost with each level (over
 * a second at 19 levels, well within the depth limit), so each collection's nesting height is checked as
 * soon as it is read, before its parent hashes it, which bounds such a graph to a few thousand
 * {@code hashCode} calls;</li>
 * <li>at most {@value #MAX_REFERENCES} objects and back-references;</li>
 * <li>arrays at most as large, in bytes, as the value size limit, checked on the declared length
 * before the array is allocated;</li>
 * <li>the stream itself at most the value size limit.</li>
 * </ul>
 */
final class JdkValueCodec {

	static final int MAX_DEPTH = 20;

	static final long MAX_REFERENCES = 1_000_000;

	static final int MAX_NESTED_COLLECTIONS = 10;

	private final TypeAllowList allowList;

	private final ClassLoader classLoader;

	private final int maxBytes;

	/**
	 * @param allowList the classes a stream may name
	 * @param classLoader loads them
	 * @param maxBytes the largest stream, and the largest array in bytes, read
	 */
	JdkValueCodec(TypeAllowList allowList, ClassLoader classLoader, int maxBytes) {
		this.allowList = allowList;
		this.classLoader = classLoader;
		this.maxBytes = maxBytes;
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
	 * @throws ValueUnreadableException if the stream is corrupt ({@link UnreadableReason#CORRUPT}), exceeds
	 * the limits ({@link UnreadableReason#TOO_COMPLEX}) or names classes that changed incompatibly
	 * ({@link UnreadableReason#INCOMPATIBLE})
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
				String what = "Cannot read cached value" + ((in.rootType != null) ? " of type " + in.rootType : "");
				if (in.limitExceeded != null) {
					throw new ValueUnreadableException(UnreadableReason.TOO_COMPLEX,
							what + ": its Java serialization graph exceeds the limits (" + in.limitExceeded + ")",
							null);
				}
				if (ex instanceof EOFException) {
					throw new ValueUnreadableException(UnreadableReason.TRUNCATED,
							what + ": its Java serialization stream is truncated", null);
				}
				if (ex instanceof InvalidClassException || ex instanceof ClassNotFoundException) {
					throw new ValueUnreadableException(UnreadableReason.INCOMPATIBLE, what
							+ ": its Java serialization stream no longer fits the class (" + ex.getClass().getSimpleName()
							+ ")", null);
				}
				throw new ValueUnreadableException(UnreadableReason.CORRUPT, what
						+ ": its Java serialization stream is corrupt (" + ex.getClass().getSimpleName() + ")", null);
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

		/** The limit the stream went over, if any, for messages. */
		@Nullable String limitExceeded;

		/** The nesting height of each collection and map read so far. */
		private final Map<Object, Integer> heights = new IdentityHashMap<>();

		private int tallest;

		FilteredInputStream(InputStream in) throws IOException {
			super(in);
			setObjectInputFilter(this::check);
			enableResolveObject(true);
		}

		/**
		 * Called for each object once it is read, so a collection is measured before its parent hashes it.
		 * JDK collections are measured through their elements (keys and values); others (Hibernate's) are not
		 * iterated, which could load them, and count as one level over the tallest collection read so far.
		 */
		@Override
		protected Object resolveObject(Object object) throws IOException {
			if (!(object instanceof Collection<?>) && !(object instanceof Map<?, ?>)) {
				return object;
			}
			boolean jdk = object.getClass().getName().startsWith("java.util.");
			int height = 1 + (jdk ? tallestInside(object) : this.tallest);
			if (height > MAX_NESTED_COLLECTIONS) {
				this.limitExceeded = "limit of " + MAX_NESTED_COLLECTIONS + " nested collections";
				throw new InvalidObjectException(this.limitExceeded);
			}
			this.heights.put(object, height);
			this.tallest = Math.max(this.tallest, height);
			return object;
		}

		private int tallestInside(Object collection) {
			int tallest = 0;
			if (collection instanceof Map<?, ?> map) {
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					tallest = Math.max(tallest, Math.max(height(entry.getKey()), height(entry.getValue())));
				}
			}
			else {
				for (Object element : (Collection<?>) collection) {
					tallest = Math.max(tallest, height(element));
				}
			}
			return tallest;
		}

		private int height(@Nullable Object object) {
			Integer height = (object != null) ? this.heights.get(object) : null;
			return (height != null) ? height : 0;
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
			Class<?> type = info.serialClass();
			this.limitExceeded = exceeded(info, type);
			if (this.limitExceeded != null) {
				return ObjectInputFilter.Status.REJECTED;
			}
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

		private @Nullable String exceeded(ObjectInputFilter.FilterInfo info, @Nullable Class<?> type) {
			if (info.depth() > MAX_DEPTH) {
				return "depth limit of " + MAX_DEPTH;
			}
			if (info.references() > MAX_REFERENCES) {
				return "limit of " + MAX_REFERENCES + " objects";
			}
			if (info.streamBytes() > JdkValueCodec.this.maxBytes) {
				return "size limit of " + JdkValueCodec.this.maxBytes + " bytes";
			}
			if (info.arrayLength() >= 0 && type != null && type.isArray()
					&& info.arrayLength() * elementBytes(type.getComponentType()) > JdkValueCodec.this.maxBytes) {
				return "size limit of " + JdkValueCodec.this.maxBytes + " bytes with an array of "
						+ info.arrayLength() + " elements";
			}
			return null;
		}

	}

	/** What one array element takes in memory, references counted at 8 bytes. */
	private static long elementBytes(Class<?> componentType) {
		if (componentType == byte.class || componentType == boolean.class) {
			return 1;
		}
		if (componentType == char.class || componentType == short.class) {
			return 2;
		}
		return (componentType == int.class || componentType == float.class) ? 4 : 8;
	}

}

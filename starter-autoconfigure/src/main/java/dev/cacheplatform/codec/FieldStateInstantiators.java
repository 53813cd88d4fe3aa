package dev.cacheplatform.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;
import tools.jackson.databind.introspect.AnnotatedConstructor;

import org.springframework.objenesis.Objenesis;
import org.springframework.objenesis.SpringObjenesis;

/**
 * Lets field-based JSON rebuild classes that have neither a no-argument constructor nor one Jackson
 * can match to their fields, such as Spring Data's {@code PageImpl}, {@code SliceImpl},
 * {@code PageRequest} and {@code Sort}: the instance is allocated without running a constructor
 * (Objenesis, as Spring ships it) and its fields are then set from the JSON, which is what Java
 * serialization does for a {@code Serializable} class.
 * <p>
 * Only for application and library classes whose fields are their whole state: never for JDK
 * classes, interfaces, abstract classes, collections or maps, and never for a class that customises
 * its Java serialization ({@code readObject}, {@code readResolve}), whose fields alone may not be
 * enough. Whether the result is faithful is still verified per shape, field by field, before a
 * shape is written as JSON.
 */
final class FieldStateInstantiators implements ValueInstantiators {

	private final Objenesis objenesis = new SpringObjenesis();

	@Override
	public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef) {
		return null;
	}

	@Override
	public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
			BeanDescription.Supplier beanDescRef, ValueInstantiator defaultInstantiator) {
		Class<?> type = defaultInstantiator.getValueClass();
		if (defaultInstantiator.canCreateFromObjectWith()
				&& defaultInstantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator
				&& !isJdk(type.getName()) && creator.getAnnotated().trySetAccessible()) {
			return new DirectConstructor(defaultInstantiator, creator.getAnnotated());
		}
		if (defaultInstantiator.canInstantiate() || !isFieldState(type)) {
			return defaultInstantiator;
		}
		return new WithoutConstructor(type, this.objenesis);
	}

	private static boolean isFieldState(Class<?> type) {
		int modifiers = type.getModifiers();
		if (type.isInterface() || Modifier.isAbstract(modifiers) || type.isArray() || type.isEnum()
				|| type.isPrimitive() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
				|| (type.isMemberClass() && !Modifier.isStatic(modifiers))) {
			return false;
		}
		if (isJdk(type.getName())) {
			return false;
		}
		for (Class<?> declaring = type; declaring != null && declaring != Object.class; declaring = declaring
			.getSuperclass()) {
			if (declares(declaring, "readObject", java.io.ObjectInputStream.class) || declares(declaring, "readResolve")) {
				return false;
			}
		}
		return true;
	}

	private static boolean declares(Class<?> type, String name, Class<?>... parameterTypes) {
		try {
			Method method = type.getDeclaredMethod(name, parameterTypes);
			return method != null;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	private static boolean isJdk(String name) {
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
	}

	/**
	 * Calls a creator constructor (a record's canonical one, say) through reflection. Jackson 3 calls it
	 * with {@code MethodHandle.invokeWithArguments}, which builds a spreader on every call: 19 % of the
	 * decode of a cached record in a profile. Any failure is handed to Jackson's own instantiator, which
	 * calls the constructor again and reports the problem as it always does.
	 */
	private static final class DirectConstructor extends ValueInstantiator.Delegating {

		private static final long serialVersionUID = 1L;

		private final transient Constructor<?> constructor;

		DirectConstructor(ValueInstantiator delegate, Constructor<?> constructor) {
			super(delegate);
			this.constructor = constructor;
		}

		@Override
		public ValueInstantiator createContextual(DeserializationContext context, BeanDescription.Supplier beanDescRef) {
			ValueInstantiator contextual = delegate().createContextual(context, beanDescRef);
			return (contextual == delegate()) ? this : new DirectConstructor(contextual, this.constructor);
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, SettableBeanProperty[] properties,
				PropertyValueBuffer buffer) {
			return createFromObjectWith(context, buffer.getParameters(context, properties));
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
			try {
				return this.constructor.newInstance(arguments);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return delegate().createFromObjectWith(context, arguments);
			}
		}

	}

	/** Allocates instances without a constructor; the bean deserializer then sets every field. */
	private static final class WithoutConstructor extends ValueInstantiator.Base {

		private final transient Objenesis objenesis;

		WithoutConstructor(Class<?> type, Objenesis objenesis) {
			super(type);
			this.objenesis = objenesis;
		}

		@Override
		public boolean canCreateUsingDefault() {
			return true;
		}

		@Override
		public boolean canInstantiate() {
			return true;
		}

		@Override
		public Object createUsingDefault(DeserializationContext ctxt) {
			return this.objenesis.newInstance(this._valueType);
		}

	}

}

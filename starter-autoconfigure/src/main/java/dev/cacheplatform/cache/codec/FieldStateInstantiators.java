package dev.cacheplatform.cache.codec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;

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
		String name = type.getName();
		if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.")) {
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

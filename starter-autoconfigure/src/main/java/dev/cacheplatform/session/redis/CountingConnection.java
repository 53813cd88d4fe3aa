package dev.cacheplatform.session.redis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;

/**
 * A {@link RedisConnection} that counts every command sent through its command interfaces
 * ({@code hashCommands()}, {@code keyCommands()}, ...), the only way the repository talks to Redis, so the
 * count cannot drift from the code as call sites change. Sends nothing itself.
 */
final class CountingConnection {

	private CountingConnection() {
	}

	static RedisConnection wrap(RedisConnection connection, SessionStoreCounters counters) {
		return (RedisConnection) proxy(RedisConnection.class, connection, (target, method, args) -> {
			Object result = invoke(target, method, args);
			if (result != null && method.getParameterCount() == 0 && method.getName().endsWith("Commands")
					&& method.getReturnType().isInterface()) {
				return proxy(method.getReturnType(), result, (commands, command, commandArgs) -> {
					counters.command();
					return invoke(commands, command, commandArgs);
				});
			}
			return result;
		});
	}

	private interface Handler {

		@Nullable Object handle(Object target, Method method, @Nullable Object[] args) throws Throwable;

	}

	private static Object proxy(Class<?> type, Object target, Handler handler) {
		InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
		return Proxy.newProxyInstance(CountingConnection.class.getClassLoader(), new Class<?>[] { type }, invocation);
	}

	private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}

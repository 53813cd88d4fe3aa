package dev.cacheplatform.metrics.session;

import dev.cacheplatform.session.redis.SessionStoreCounters;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts what a session repository that keeps no counters of its own does (the memory store's
 * {@code MapSessionRepository}, Spring Session's {@code RedisIndexedSessionRepository}): each repository of the
 * given type is handed out behind a Spring AOP proxy of its own class (so it is still injected by that type),
 * which counts {@code findById} and {@code findByIndexNameAndIndexValue} as reads, {@code save} and
 * {@code deleteById} as writes, and failures of those: Spring's {@code DataAccessException} (Redis did not
 * answer, refused or timed out) as {@code unavailable}, a read's Spring Data Redis
 * {@code SerializationException} as {@code unreadable}. Anything else passes through uncounted. A write is
 * every save handed to the repository, whether or not it had something to write; calls the repository makes
 * to itself are not counted. Sends nothing.
 */
final class SessionRepositoryCounting implements BeanPostProcessor {

	private static final String DATA_ACCESS = "org.springframework.dao.DataAccessException";

	private static final String SERIALIZATION = "org.springframework.data.redis.serializer.SerializationException";

	private final String repositoryType;

	private final SessionStoreCounters counters = new SessionStoreCounters();

	/**
	 * @param repositoryType the class name of the repositories to count (a class of an optional library)
	 */
	SessionRepositoryCounting(String repositoryType) {
		this.repositoryType = repositoryType;
	}

	/** @return what the counted repositories did */
	SessionStoreCounters counters() {
		return this.counters;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!isA(bean.getClass(), this.repositoryType)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.setProxyTargetClass(true);
		proxy.addAdvice(new Counting(this.counters));
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	private static boolean isA(@Nullable Class<?> type, String className) {
		for (Class<?> each = type; each != null; each = each.getSuperclass()) {
			if (each.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

	/** Counts the repository's reads, writes and failures. */
	private record Counting(SessionStoreCounters counters) implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			boolean read;
			switch (invocation.getMethod().getName()) {
				case "findById", "findByIndexNameAndIndexValue" -> read = true;
				case "save", "deleteById" -> read = false;
				default -> {
					return invocation.proceed();
				}
			}
			if (read) {
				this.counters.read();
			}
			else {
				this.counters.write();
			}
			try {
				return invocation.proceed();
			}
			catch (RuntimeException ex) {
				if (read && isA(ex.getClass(), SERIALIZATION)) {
					this.counters.failed(SessionStoreCounters.Failure.UNREADABLE);
				}
				else if (isA(ex.getClass(), DATA_ACCESS)) {
					this.counters.failed(SessionStoreCounters.Failure.UNAVAILABLE);
				}
				throw ex;
			}
		}

	}

}

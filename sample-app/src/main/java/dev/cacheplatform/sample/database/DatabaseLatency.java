package dev.cacheplatform.sample.database;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Component;

/**
 * Makes the embedded database as slow as a busy remote one, so a cache hit is visibly faster: every
 * read of a Spring Data repository (a method whose name starts with {@code find}) takes
 * {@code sample.database.latency} (200 ms by default) longer, and is counted per repository.
 * {@link #reads()} is what the tests and {@code GET /stats/database-reads} use to tell a hit (no
 * read) from a miss. Writes, such as the demo data at startup, are not slowed down.
 */
@Component
public final class DatabaseLatency implements BeanPostProcessor, EnvironmentAware {

	private Duration latency = Duration.ofMillis(200);

	private final ConcurrentMap<String, AtomicLong> reads = new ConcurrentHashMap<>();

	@Override
	public void setEnvironment(Environment environment) {
		this.latency = environment.getProperty("sample.database.latency", Duration.class, this.latency);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Repository<?, ?>)) {
			return bean;
		}
		Class<?>[] interfaces = AopProxyUtils.proxiedUserInterfaces(bean);
		String repository = interfaces[0].getSimpleName();
		ProxyFactory proxy = new ProxyFactory(interfaces);
		proxy.setTarget(bean);
		proxy.addAdvice((MethodInterceptor) (invocation) -> read(repository, invocation));
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	private @Nullable Object read(String repository, MethodInvocation invocation) throws Throwable {
		if (invocation.getMethod().getName().startsWith("find")) {
			this.reads.computeIfAbsent(repository, (name) -> new AtomicLong()).incrementAndGet();
			Thread.sleep(this.latency.toMillis());
		}
		return invocation.proceed();
	}

	/**
	 * @return how many reads each repository has served, by repository name
	 */
	public Map<String, Long> reads() {
		Map<String, Long> counts = new TreeMap<>();
		this.reads.forEach((repository, count) -> counts.put(repository, count.get()));
		return counts;
	}

	/**
	 * @param repository a repository's simple name, e.g. {@code ExchangeRateRepository}
	 * @return how many reads it has served
	 */
	public long reads(String repository) {
		AtomicLong count = this.reads.get(repository);
		return (count != null) ? count.get() : 0;
	}

}

package dev.cacheplatform.tenant;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@link TaskDecorator} (an MDC decorator, say) keeps the tenant in
 * {@code @Async} work: Spring Boot composes both decorators on its task executor.
 */
class TenantTaskDecoratorCompositionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void theApplicationsOwnDecoratorAndTheTenantDecoratorBothApply() throws Exception {
		AtomicInteger ownDecorations = new AtomicInteger();
		TaskDecorator own = (runnable) -> {
			ownDecorations.incrementAndGet();
			return runnable;
		};
		this.runner.withBean("mdcTaskDecorator", TaskDecorator.class, () -> own).run((context) -> {
			assertThat(context).hasNotFailed();
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			Future<String> tenant = TenantScope.call("acme", () -> executor.submit(TenantScope::current));
			assertThat(tenant.get()).isEqualTo("acme");
			assertThat(ownDecorations).hasValue(1);
		});
	}

}

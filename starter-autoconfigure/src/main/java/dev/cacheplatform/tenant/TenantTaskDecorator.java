package dev.cacheplatform.tenant;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's tenant into {@code @Async} work: the tenant is resolved when the task
 * is submitted (while the request is still there) and set as an explicit {@link TenantScope} around it.
 */
public class TenantTaskDecorator implements TaskDecorator {

	private final Tenancy tenancy;

	/**
	 * @param tenancy how the current tenant is decided
	 */
	public TenantTaskDecorator(Tenancy tenancy) {
		this.tenancy = tenancy;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		String tenant = this.tenancy.currentTenant();
		if (tenant == null) {
			return runnable;
		}
		return () -> TenantScope.run(tenant, runnable);
	}

}

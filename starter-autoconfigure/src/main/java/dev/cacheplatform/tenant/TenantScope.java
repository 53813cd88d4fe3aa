package dev.cacheplatform.tenant;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * An explicit tenant for code that runs outside a request, such as a scheduled job:
 * {@code TenantScope.run("acme", () -> reportService.rebuild())}. Work started with {@code @Async} inside
 * the scope runs in the same tenant. Scopes nest; the innermost wins.
 */
public final class TenantScope {

	private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

	private TenantScope() {
	}

	/**
	 * Runs code for one tenant.
	 * @param tenant the tenant id (validated)
	 * @param action the code
	 */
	public static void run(String tenant, Runnable action) {
		call(tenant, () -> {
			action.run();
			return null;
		});
	}

	/**
	 * Runs code for one tenant and returns its result.
	 * @param <T> the result type
	 * @param tenant the tenant id (validated)
	 * @param action the code
	 * @return the result
	 */
	public static <T> T call(@Nullable String tenant, Supplier<T> action) {
		String previous = CURRENT.get();
		CURRENT.set((tenant != null) ? TenantIds.validate(tenant) : null);
		try {
			return action.get();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	/** @return the tenant of the innermost explicit scope on this thread, or {@code null} */
	public static @Nullable String current() {
		return CURRENT.get();
	}

}

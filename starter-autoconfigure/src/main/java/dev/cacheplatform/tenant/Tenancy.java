package dev.cacheplatform.tenant;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Decides the tenant of the current call: an explicit {@link TenantScope} first, else the
 * {@link TenantResolver}. Every id is validated before it is used; ids the resolver produced (that is,
 * clients sent) that are not of the accepted form are logged at a bounded rate.
 */
public final class Tenancy {

	/** At most one line per this interval about rejected tenant ids. */
	static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final @Nullable TenantResolver resolver;

	private final @Nullable RejectedTenantLog rejected;

	/**
	 * @param resolver the resolver, or {@code null} when tenant scoping is off
	 */
	public Tenancy(@Nullable TenantResolver resolver) {
		this(resolver, System::nanoTime);
	}

	/**
	 * @param resolver the resolver, or {@code null} when tenant scoping is off
	 * @param nanoTime monotonic nanoseconds for the rate limit of the log; a fake in tests
	 */
	public Tenancy(@Nullable TenantResolver resolver, LongSupplier nanoTime) {
		this.resolver = resolver;
		this.rejected = (resolver != null) ? new RejectedTenantLog(describe(resolver), LOG_INTERVAL, nanoTime)
				: null;
	}

	/**
	 * @return the validated tenant id of the current call, or {@code null} for none
	 * @throws InvalidTenantIdException if the resolved id is not of the accepted form
	 */
	public @Nullable String currentTenant() {
		String explicit = TenantScope.current();
		if (explicit != null) {
			return explicit;
		}
		String resolved = (this.resolver != null) ? this.resolver.currentTenant() : null;
		if (resolved == null) {
			return null;
		}
		try {
			return TenantIds.validate(resolved);
		}
		catch (InvalidTenantIdException ex) {
			if (this.rejected != null) {
				this.rejected.rejected(ex);
			}
			throw ex;
		}
	}

	private static String describe(TenantResolver resolver) {
		return (resolver instanceof HeaderTenantResolver header) ? "header " + header.header()
				: "the application's TenantResolver";
	}

	/** @return the resolver, or {@code null} when tenant scoping is off */
	public @Nullable TenantResolver resolver() {
		return this.resolver;
	}

}

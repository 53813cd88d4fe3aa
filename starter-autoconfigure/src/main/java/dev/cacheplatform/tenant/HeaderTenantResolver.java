package dev.cacheplatform.tenant;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads the tenant from a request header (CACHE_TENANT_HEADER), for the request being served on this
 * thread. A blank header means no tenant. Only trust it behind a gateway that sets or strips the header.
 */
public class HeaderTenantResolver implements TenantResolver {

	private final String header;

	/**
	 * @param header the header name, e.g. X-Tenant-ID
	 */
	public HeaderTenantResolver(String header) {
		this.header = header;
	}

	@Override
	public @Nullable String currentTenant() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		HttpServletRequest request = servlet.getRequest();
		String tenant = request.getHeader(this.header);
		return (tenant != null && !tenant.isBlank()) ? tenant : null;
	}

}

package dev.cacheplatform.tenant;

import java.util.regex.Pattern;

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

	/** What an HTTP field name may be: a token of RFC 9110, section 5.6.2. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	/** What a header name may be, for error messages. */
	public static final String ACCEPTED = "an HTTP header name: letters, digits and !#$%&'*+-.^_`|~, "
			+ "no spaces, colons or other separators (e.g. X-Tenant-ID); unset for no tenant scoping";

	private final String header;

	/**
	 * @param header the header name, e.g. X-Tenant-ID
	 * @throws IllegalArgumentException if it is not a valid HTTP header name: no request could ever carry it,
	 * so tenant scoping would be silently off
	 */
	public HeaderTenantResolver(String header) {
		if (!isValidHeaderName(header)) {
			throw new IllegalArgumentException("'" + header + "' is not a valid HTTP header name; expected " + ACCEPTED);
		}
		this.header = header;
	}

	/**
	 * @param name a candidate header name
	 * @return whether a request can carry a header of that name
	 */
	public static boolean isValidHeaderName(@Nullable String name) {
		return name != null && TOKEN.matcher(name).matches();
	}

	/** @return the header the tenant is read from */
	public String header() {
		return this.header;
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

	@Override
	public String toString() {
		return "header " + this.header;
	}

}

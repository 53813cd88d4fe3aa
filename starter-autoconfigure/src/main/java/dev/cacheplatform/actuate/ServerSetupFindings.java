package dev.cacheplatform.actuate;

import java.util.List;

import dev.cacheplatform.actuate.CachePlatformEndpoint.FindingDescriptor;

/**
 * The server checks' findings as the operator endpoint shows them. The checks live in the {@code health}
 * package, beside this one, so the application's auto-configuration connects the two.
 */
@FunctionalInterface
public interface ServerSetupFindings {

	/** @return what the last run of the server checks found, empty before the first run */
	List<FindingDescriptor> findings();

}

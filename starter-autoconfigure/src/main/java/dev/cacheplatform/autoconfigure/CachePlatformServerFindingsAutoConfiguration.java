package dev.cacheplatform.autoconfigure;

import dev.cacheplatform.actuate.CachePlatformEndpoint.FindingDescriptor;
import dev.cacheplatform.actuate.ServerSetupFindings;
import dev.cacheplatform.health.CachePlatformServerSetupAutoConfiguration;
import dev.cacheplatform.health.ServerSetupCheck;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Hands the server checks' findings ({@code health}) to the operator endpoint ({@code actuate}): two packages
 * side by side that do not know each other.
 */
@AutoConfiguration(after = CachePlatformServerSetupAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(ServerSetupCheck.class)
public final class CachePlatformServerFindingsAutoConfiguration {

	@Bean
	ServerSetupFindings cachePlatformServerSetupFindings(ServerSetupCheck check) {
		return () -> check.findings()
			.stream()
			.map((finding) -> new FindingDescriptor(finding.role().label(), finding.server(), finding.problem(),
					finding.fix()))
			.toList();
	}

}

package dev.cacheplatform.tenant;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.autoconfigure.CachePlatformStartupReport;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * CACHE_TENANT_HEADER: a name no request can carry stops startup with the usual report instead of
 * silently turning tenant scoping off; a good one is named in the startup report; ids clients send that
 * are not of the accepted form are logged at a bounded rate.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantHeaderSettingTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformCacheAutoConfiguration.class,
				CachePlatformAutoConfiguration.class))
		.withPropertyValues("cache-platform.cache.driver=memory");

	@Test
	void headerNameWithSpacesStopsAWebApplicationWithAReportNamingTheVariable(CapturedOutput output) {
		SpringApplication application = new SpringApplication(WebApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setEnvironment(EnvironmentVariablesInitializer
			.environmentWith(Map.of("CACHE_TENANT_HEADER", "X Tenant Id", "CACHE_DRIVER", "memory")));
		application.setDefaultProperties(Map.of("server.port", "0"));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Setting: CACHE_TENANT_HEADER (cache-platform.tenant.header)")
			.contains("Value: 'X Tenant Id'")
			.contains("not a valid HTTP header name")
			.contains("Accepted: an HTTP header name")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void headerNamesNoRequestCanCarryAreRefused() {
		for (String header : new String[] { "X Tenant Id", "X-Tenant:Id", "X-Tenant\tId", "(tenant)", "tenant\u00e9" }) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_TENANT_HEADER", header))
				.run((context) -> assertThat(context).as(header)
					.hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("CACHE_TENANT_HEADER (cache-platform.tenant.header)")
					.hasMessageContaining("not a valid HTTP header name"));
		}
	}

	@Test
	void startupReportNamesTheTenantHeader(CapturedOutput output) {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("CACHE_TENANT_HEADER", "X-Tenant-ID"))
			.run((context) -> {
				assertThat(context.getBean(CachePlatformStartupReport.class).lines())
					.contains("Cache Platform tenants: cache keys scoped by the request header X-Tenant-ID "
							+ "(trust it only behind a gateway that sets or strips it)");
				assertThat(output).contains("Cache Platform tenants: cache keys scoped by the request header X-Tenant-ID");
			});
	}

	@Test
	void startupReportSaysNothingAboutTenantsWithoutAHeader() {
		this.runner.run((context) -> assertThat(context.getBean(CachePlatformStartupReport.class).lines())
			.noneMatch((line) -> line.contains("tenants")));
	}

	@Test
	void rejectedTenantIdsAreLoggedOncePerMinuteWithACountOfTheRest(CapturedOutput output) {
		AtomicLong nanos = new AtomicLong();
		Tenancy tenancy = new Tenancy(new HeaderTenantResolver("X-Tenant-ID") {

			@Override
			public String currentTenant() {
				return "evil*";
			}

		}, nanos::get);
		for (int i = 0; i < 50; i++) {
			assertThatException().isThrownBy(tenancy::currentTenant).isInstanceOf(InvalidTenantIdException.class);
		}
		assertThat(rejectionLines(output)).singleElement()
			.asString()
			.contains("Rejected a tenant id from header X-Tenant-ID (answered 400 Bad Request): Invalid tenant id 'evil*'")
			.doesNotContain("more rejected");
		nanos.addAndGet(Tenancy.LOG_INTERVAL.toNanos());
		assertThatException().isThrownBy(tenancy::currentTenant);
		assertThat(rejectionLines(output)).hasSize(2).last().asString().contains("; 49 more rejected since the last line");
	}

	private static java.util.List<String> rejectionLines(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("Rejected a tenant id")).toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}

package dev.cacheplatform.tenant;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantTests {

	@ParameterizedTest
	@ValueSource(strings = { "*", "acme*", "a?b", "[abc]", "a:b", "a b", " acme", "a\u0000b", "a\nb", "a\\b", "",
			"-leading-dash", "x01234567890123456789012345678901234567890123456789012345678901234" })
	void invalidTenantIdsAreRejected(String tenant) {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantIds.validate(tenant))
			.withMessageContaining("1 to 64 characters")
			.withMessageNotContaining("\u0000")
			.withMessageNotContaining("\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "acme", "ACME-2", "tenant_7", "a.b.c", "0123456789012345678901234567890123456789012345678901234567890123" })
	void validTenantIdsPass(String tenant) {
		assertThat(TenantIds.validate(tenant)).isEqualTo(tenant);
	}

	@Test
	void explicitScopeWinsOverTheResolverAndNests() {
		Tenancy tenancy = new Tenancy(() -> "from-header");
		assertThat(tenancy.currentTenant()).isEqualTo("from-header");
		TenantScope.run("job", () -> {
			assertThat(tenancy.currentTenant()).isEqualTo("job");
			TenantScope.run("inner", () -> assertThat(tenancy.currentTenant()).isEqualTo("inner"));
			assertThat(tenancy.currentTenant()).isEqualTo("job");
		});
		assertThat(TenantScope.current()).isNull();
	}

	@Test
	void resolvedIdsAreValidatedBeforeUse() {
		Tenancy tenancy = new Tenancy(() -> "evil*");
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(tenancy::currentTenant);
	}

	@Test
	void asyncWorkRunsInTheSubmittersTenant() throws Exception {
		TenantTaskDecorator decorator = new TenantTaskDecorator(new Tenancy(null));
		AtomicReference<String> seen = new AtomicReference<>();
		Runnable[] decorated = new Runnable[1];
		TenantScope.run("acme", () -> decorated[0] = decorator.decorate(() -> seen.set(TenantScope.current())));
		Thread worker = new Thread(decorated[0]);
		worker.start();
		worker.join();
		assertThat(seen).hasValue("acme");
	}

}

package dev.cacheplatform.codec;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.codec.fixtures.Product;
import dev.cacheplatform.codec.fixtures.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.cache.support.NullValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TypeAllowListTests {

	private final TypeAllowList allowList = TypeAllowList
		.of(List.of("com.acme.shop", " dev.cacheplatform.codec.fixtures. "));

	@Test
	void builtInValueTypesAreAllowed() {
		for (Class<?> type : List.of(String.class, Long.class, Number.class, BigDecimal.class, LocalDate.class,
				ZonedDateTime.class, UUID.class, Optional.class, ArrayList.class, HashMap.class,
				List.of(1).getClass(), List.of(1, 2, 3).getClass(), Collections.unmodifiableList(new ArrayList<>()).getClass(),
				Collections.emptyMap().getClass(), EnumSet.noneOf(TimeUnit.class).getClass(), NullValue.class,
				int.class, int[].class, byte[][].class, Object[].class)) {
			assertThat(this.allowList.isAllowed(type)).as(type.getName()).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "org.springframework.data.domain.PageImpl", "org.springframework.data.domain.Sort$Order",
			"org.hibernate.collection.spi.PersistentBag", "java.util.CollSer", "java.sql.Timestamp", "java.net.URI",
			"java.time.ZoneRegion", "[Ljava.time.LocalDate;", "[[J", "long" })
	void builtInNamesAreAllowed(String name) {
		assertThat(this.allowList.isAllowed(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "java.lang.Thread", "java.lang.Object", "java.lang.Class", "java.lang.Runtime",
			"java.time.chrono.HijrahDate", "java.util.concurrent.ConcurrentHashMap", "java.net.URL",
			"javax.management.BadAttributeValueExpException", "org.springframework.beans.factory.ObjectFactory",
			"com.sun.rowset.JdbcRowSetImpl", "[Ljava.lang.Thread;" })
	void otherJdkAndLibraryClassesAreRefused(String name) {
		assertThat(this.allowList.isAllowed(name)).isFalse();
	}

	@Test
	void applicationPackagesAdmitTheirSubpackagesOnly() {
		assertThat(this.allowList.isAllowed("com.acme.shop.Order")).isTrue();
		assertThat(this.allowList.isAllowed("com.acme.shop.model.Order$Line")).isTrue();
		assertThat(this.allowList.isAllowed("[Lcom.acme.shop.Order;")).isTrue();
		assertThat(this.allowList.isAllowed("com.acme.shopping.Order")).isFalse();
		assertThat(this.allowList.isAllowed("com.acme.shop")).isFalse();
		assertThat(this.allowList.isAllowed("com.acme.Order")).isFalse();
		assertThat(this.allowList.isAllowed(Product.class)).isTrue();
		assertThat(this.allowList.isAllowed(Status.class)).isTrue();
		assertThat(this.allowList.isAllowed(Product[].class)).isTrue();
	}

	@Test
	void decidesOnTheNameWithoutLoadingTheClass() {
		assertThat(this.allowList.isAllowed("com.acme.shop.NeverCompiled")).isTrue();
		assertThat(this.allowList.isAllowed("com.evil.NeverCompiled")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "java.util.ArrayList<com.evil.Gadget>", "com.acme.shop.", "com.acme.shop..Order",
			"[Lcom.acme.shop.Order", "[X", "[", "com.acme.shop.Order$$Lambda/0x0000000801", "com.acme.shop.Order ",
			"com.acme.shop.Order\u0000" })
	void malformedNamesAreRefused(String name) {
		assertThat(this.allowList.isAllowed(name)).isFalse();
	}

	@Test
	void lambdasAreRefusedEvenInAnAllowedPackage() {
		Runnable lambda = () -> {
		};
		TypeAllowList own = TypeAllowList.of(List.of(getClass().getPackageName()));
		assertThat(own.isAllowed(getClass())).isTrue();
		assertThat(own.isAllowed(lambda.getClass())).isFalse();
	}

	@Test
	void packagesAreNormalisedAndExposed() {
		assertThat(TypeAllowList.of(Set.of("com.acme.", "com.acme")).packages()).containsExactly("com.acme");
		assertThat(this.allowList.packages()).containsExactly("com.acme.shop", "dev.cacheplatform.codec.fixtures");
		assertThat(this.allowList.settingHint()).isEqualTo("cache-platform.cache.serialization.allowed-packages");
	}

	@Test
	void blankPackageIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TypeAllowList.of(List.of("com.acme", " . ")))
			.withMessageContaining("cache-platform.cache.serialization.allowed-packages");
	}

}

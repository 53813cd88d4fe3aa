package dev.cacheplatform.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TtlPolicyTests {

	private final CachePlatformCacheProperties properties = new CachePlatformCacheProperties();

	@Test
	void perCacheTtlWinsOverTheDefault() {
		CachePlatformCacheProperties.CacheSpec spec = new CachePlatformCacheProperties.CacheSpec();
		spec.setTtl(Duration.ofHours(12));
		this.properties.getCaches().put("settings", spec);
		TtlPolicy policy = new TtlPolicy(this.properties);
		assertThat(policy.ttlForNewEntry("settings")).isEqualTo(Duration.ofHours(12));
		assertThat(policy.ttlForNewEntry("other")).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void jitterShortensByUpToItsFractionAndNeverLengthens() {
		this.properties.setTtlJitter(0.2);
		assertThat(new TtlPolicy(this.properties, () -> 0.0).ttlForNewEntry("c")).isEqualTo(Duration.ofSeconds(300));
		assertThat(new TtlPolicy(this.properties, () -> 0.5).ttlForNewEntry("c")).isEqualTo(Duration.ofSeconds(270));
		assertThat(new TtlPolicy(this.properties, () -> 0.999999).ttlForNewEntry("c"))
			.isGreaterThan(Duration.ofSeconds(240));
	}

	@Test
	void zeroTtlIsNeverJittered() {
		this.properties.setTtl(Duration.ZERO);
		this.properties.setTtlJitter(0.5);
		assertThat(new TtlPolicy(this.properties, () -> 0.9).ttlForNewEntry("c")).isZero();
	}

	@Test
	void jitterMustBeAFraction() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.properties.setTtlJitter(1.5))
			.withMessageContaining("fraction from 0 to 1");
	}

}

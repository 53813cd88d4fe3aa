package dev.cacheplatform.cache.memcached;

import java.nio.charset.StandardCharsets;

import dev.cacheplatform.cache.CacheScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys memcached refuses (over 250 bytes, spaces, control characters) are hashed keeping their readable part;
 * every other key is used as it is, in the Redis layout plus the generations.
 */
class MemcachedKeysTests {

	private final MemcachedKeys keys = new MemcachedKeys("shop:");

	@Test
	void ordinaryKeysFollowTheRedisLayoutWithTheGenerations() {
		assertThat(this.keys.entry(new CacheScope("products", "acme"), new Generations.Pair(7, 9), "42"))
			.isEqualTo("shop:acme:products#7.9::42");
		assertThat(this.keys.entry(new CacheScope("products", null), new Generations.Pair(7, 9), "42"))
			.isEqualTo("shop:products#7.9::42");
		assertThat(this.keys.scopeGeneration(new CacheScope("products", "acme"))).isEqualTo("shop:#gen:acme:products");
		assertThat(this.keys.allTenantsGeneration("products")).isEqualTo("shop:#gen*:products");
	}

	@Test
	void longKeysAreHashedWithinTheLimitKeepingTheirStart() {
		String key = "shop:products#1.2::" + "é".repeat(300);
		String safe = MemcachedKeys.safe(key);
		assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(250);
		assertThat(safe).startsWith("shop:products#1.2::éé").matches(".*#[0-9a-f]{64}");
		assertThat(MemcachedKeys.safe(key + "x")).isNotEqualTo(safe);
	}

	@Test
	void refusedCharactersAreReplacedAndTheKeyHashed() {
		String safe = MemcachedKeys.safe("products#1.2::a b\tc\nd\u0000e");
		assertThat(safe).startsWith("products#1.2::a_b_c_d_e#").doesNotContain(" ", "\t", "\n", "\u0000");
		assertThat(MemcachedKeys.safe("products#1.2::a_b_c_d_e")).isEqualTo("products#1.2::a_b_c_d_e")
			.isNotEqualTo(safe);
	}

	@Test
	void aKeyOfExactly250BytesIsKept() {
		String key = "k".repeat(250);
		assertThat(MemcachedKeys.safe(key)).isEqualTo(key);
		assertThat(MemcachedKeys.safe(key + "k")).hasSizeLessThanOrEqualTo(250).isNotEqualTo(key);
	}

}

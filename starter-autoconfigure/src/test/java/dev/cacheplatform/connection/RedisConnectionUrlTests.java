package dev.cacheplatform.connection;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisConnectionUrlTests {

	@Test
	void parsesHostPortAndDatabase() {
		RedisConnectionUrl url = RedisConnectionUrl.parse("redis://cache.internal:6380/2", "REDIS_URL");
		assertThat(url.tls()).isFalse();
		assertThat(url.host()).isEqualTo("cache.internal");
		assertThat(url.port()).isEqualTo(6380);
		assertThat(url.database()).isEqualTo(2);
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void defaultsPortAndLeavesDatabaseUnset() {
		RedisConnectionUrl url = RedisConnectionUrl.parse("redis://localhost", "REDIS_URL");
		assertThat(url.port()).isEqualTo(6379);
		assertThat(url.database()).isNull();
	}

	@Test
	void parsesPasswordOnlyUserAndPasswordAndLegacyPasswordForm() {
		assertThat(RedisConnectionUrl.parse("redis://:s3cret@h", "REDIS_URL").password()).isEqualTo("s3cret");
		RedisConnectionUrl acl = RedisConnectionUrl.parse("redis://app:p%40ss%3Aword@h:1/0", "REDIS_URL");
		assertThat(acl.username()).isEqualTo("app");
		assertThat(acl.password()).isEqualTo("p@ss:word");
		assertThat(RedisConnectionUrl.parse("redis://legacy@h", "REDIS_URL").password()).isEqualTo("legacy");
	}

	@Test
	void passwordWithUnencodedAtSignStillParses() {
		RedisConnectionUrl url = RedisConnectionUrl.parse("redis://:a@b@host:7000", "REDIS_URL");
		assertThat(url.password()).isEqualTo("a@b");
		assertThat(url.host()).isEqualTo("host");
	}

	@Test
	void redissMeansTls() {
		assertThat(RedisConnectionUrl.parse("rediss://h:6380", "REDIS_URL").tls()).isTrue();
	}

	@Test
	void parsesIpv6Host() {
		RedisConnectionUrl url = RedisConnectionUrl.parse("redis://[::1]:7001/3", "REDIS_URL");
		assertThat(url.host()).isEqualTo("::1");
		assertThat(url.port()).isEqualTo(7001);
	}

	@Test
	void parsesUnixSocketWithDatabaseAndPassword() {
		RedisConnectionUrl url = RedisConnectionUrl.parse("redis-socket:///var/run/redis/redis.sock?database=4",
				"REDIS_URL");
		assertThat(url.socketPath()).isEqualTo("/var/run/redis/redis.sock");
		assertThat(url.database()).isEqualTo(4);
		RedisConnectionUrl withPassword = RedisConnectionUrl.parse("redis-socket://:pw@/tmp/r.sock", "REDIS_URL");
		assertThat(withPassword.password()).isEqualTo("pw");
		assertThat(withPassword.socketPath()).isEqualTo("/tmp/r.sock");
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis://:hunter2@host:abc", "redis://:hunter2@host:70000", "redis://:hunter2@host/x",
			"redis://:hunter2@", "http://:hunter2@host", "redis:/:hunter2@host", "hunter2@host:6379",
			"redis://:hunter2@host/-1", "redis://:hun%zzter2@host" })
	void malformedUrlsAreRejectedWithThePasswordMasked(String text) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> RedisConnectionUrl.parse(text, "REDIS_URL"))
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("REDIS_URL");
				assertThat(ex.getMessage()).doesNotContain("hunter2").doesNotContain("hun%zzter2");
				assertThat(ex.getDisplayValue()).contains("****");
				assertThat(ex.getAccepted()).contains("redis://").contains("rediss://").contains("redis-socket://");
			});
	}

	@Test
	void toStringNeverShowsThePassword() {
		assertThat(RedisConnectionUrl.parse("redis://app:hunter2@h", "REDIS_URL").toString()).doesNotContain("hunter2")
			.contains("****");
	}

}

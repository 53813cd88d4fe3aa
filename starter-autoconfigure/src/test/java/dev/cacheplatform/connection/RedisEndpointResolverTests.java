package dev.cacheplatform.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.cacheplatform.diagnostics.InvalidSettingException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisEndpointResolverTests {

	private final List<String> warnings = new ArrayList<>();

	@Test
	void cacheGoesToDatabaseOneAndSessionsToZeroByDefault() {
		RedisEndpoints endpoints = resolve((p) -> p.setUrl("redis://h:6379"));
		assertThat(endpoints.cache().database()).isEqualTo(1);
		assertThat(endpoints.session().database()).isZero();
		assertThat(endpoints.defaultEndpoint().database()).isZero();
		assertThat(endpoints.cache().server()).isEqualTo("h:6379");
	}

	@Test
	void explicitDatabasesWin() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.setUrl("redis://h/3");
			p.getCache().setDatabase(5);
			p.setDatabase(7);
		});
		assertThat(endpoints.cache().database()).isEqualTo(5);
		assertThat(endpoints.session().database()).isEqualTo(7);
	}

	@Test
	void sharedUrlDatabaseIsTheSessionDatabaseNotTheCacheOne() {
		RedisEndpoints endpoints = resolve((p) -> p.setUrl("redis://h/3"));
		assertThat(endpoints.session().database()).isEqualTo(3);
		assertThat(endpoints.cache().database()).isEqualTo(1);
	}

	@Test
	void roleUrlReplacesLocationAndCredentials() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.setUrl("redis://:shared@h:6379");
			p.getSession().setUrl("redis://:persistent@h:6378/2");
		});
		assertThat(endpoints.session().port()).isEqualTo(6378);
		assertThat(endpoints.session().database()).isEqualTo(2);
		assertThat(endpoints.session().password()).isEqualTo("persistent");
		assertThat(endpoints.defaultEndpoint().port()).isEqualTo(6379);
		assertThat(endpoints.cache().password()).isEqualTo("shared");
	}

	@Test
	void cacheHostVariablesGiveTheCacheItsOwnServer() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.setHost("sessions");
			p.getCache().setHost("cache");
			p.getCache().setPort(6380);
			p.getCache().setPassword("cpw");
		});
		assertThat(endpoints.cache().server()).isEqualTo("cache:6380");
		assertThat(endpoints.cache().password()).isEqualTo("cpw");
		assertThat(endpoints.session().server()).isEqualTo("sessions:6379");
	}

	@Test
	void hostAndPortVariablesDefaultToLoopback() {
		RedisEndpoints endpoints = resolve((p) -> p.setPort(6390));
		assertThat(endpoints.cache().server()).isEqualTo("127.0.0.1:6390");
	}

	@Test
	void clusterHasDatabaseZeroOnlyAndWarnsAboutExplicitOnes() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.getCluster().setNodes(List.of("a:7000", "b:7001"));
			p.getCache().setDatabase(2);
		});
		assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.CLUSTER);
		assertThat(endpoints.cache().database()).isZero();
		assertThat(endpoints.session().database()).isZero();
		assertThat(endpoints.cache().nodes()).extracting(RedisEndpoint.Node::toString).containsExactly("a:7000", "b:7001");
		assertThat(this.warnings).singleElement().asString().contains("database 0 only");
	}

	@Test
	void sentinelNeedsMasterAndNodes() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.getSentinel().setMaster("mymaster");
			p.getSentinel().setNodes(List.of("s1:26379", "s2"));
		});
		assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SENTINEL);
		assertThat(endpoints.cache().nodes()).extracting(RedisEndpoint.Node::port).containsExactly(26379, 26379);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> resolve((p) -> p.getSentinel().setNodes(List.of("s1:26379"))))
			.withMessageContaining("no master name")
			.satisfies((ex) -> assertThat(ex.getAccepted()).contains("REDIS_SENTINEL_MASTER"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> resolve((p) -> p.getSentinel().setMaster("mymaster")))
			.satisfies((ex) -> assertThat(ex.getAccepted()).contains("REDIS_SENTINEL_NODES"));
	}

	@Test
	void databaseOutsideTheServersRangeIsRejected() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> resolve((p) -> p.getCache().setDatabase(16)))
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("cache-platform.redis.cache.database");
				assertThat(ex.getAccepted()).startsWith("a number from 0 to 15");
			});
		assertThat(resolve((p) -> {
			p.setDatabases(32);
			p.getCache().setDatabase(20);
		}).cache().database()).isEqualTo(20);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> resolve((p) -> p.setDatabase(-1)));
	}

	@Test
	void malformedClusterNodeIsRejected() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> resolve((p) -> p.getCluster().setNodes(List.of("a:7000", "b:notaport"))))
			.withMessageContaining("'b:notaport'");
	}

	@Test
	void usesBootConnectionDetailsWhenNoLocationOfOursIsSet() {
		DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("boot-host", 6400, 4);
			}

			@Override
			public String getPassword() {
				return "bootpw";
			}
		};
		CachePlatformRedisProperties properties = new CachePlatformRedisProperties();
		RedisEndpoints endpoints = new RedisEndpointResolver(properties, details, null, null, this.warnings::add)
			.resolve();
		assertThat(endpoints.defaultEndpoint().server()).isEqualTo("boot-host:6400");
		assertThat(endpoints.defaultEndpoint().database()).isEqualTo(4);
		assertThat(endpoints.cache().database()).isEqualTo(1);
		assertThat(endpoints.cache().password()).isEqualTo("bootpw");
		properties.setHost("ours");
		assertThat(new RedisEndpointResolver(properties, details, null, null, this.warnings::add).resolve()
			.cache()
			.server()).isEqualTo("ours:6379");
	}

	@Test
	void unixSocketUrl() {
		RedisEndpoints endpoints = resolve((p) -> p.setUrl("redis-socket:///run/redis.sock?database=2"));
		assertThat(endpoints.cache().topology()).isEqualTo(RedisTopology.SOCKET);
		assertThat(endpoints.cache().server()).isEqualTo("unix:/run/redis.sock");
		assertThat(endpoints.session().database()).isEqualTo(2);
	}

	@Test
	void endpointTextNeverShowsPasswords() {
		RedisEndpoints endpoints = resolve((p) -> {
			p.setUrl("rediss://app:hunter2@h");
			p.getSentinel().setPassword("hunter3");
		});
		assertThat(endpoints.cache().toString()).doesNotContain("hunter2").contains("password=****").contains("tls=on")
			.contains("user=app");
	}

	private RedisEndpoints resolve(Consumer<CachePlatformRedisProperties> customizer) {
		CachePlatformRedisProperties properties = new CachePlatformRedisProperties();
		customizer.accept(properties);
		return new RedisEndpointResolver(properties, null, null, null, this.warnings::add).resolve();
	}

}

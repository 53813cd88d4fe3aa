package dev.cacheplatform.connection;

import java.util.List;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisCluster;
import dev.cacheplatform.testsupport.RedisSentinel;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.TlsMaterial;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connections per role against real redis-server processes, configured the way users do: environment
 * variables, application properties, Boot's own properties.
 */
class CachePlatformRedisAutoConfigurationTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class,
				CachePlatformAutoConfiguration.class));

	@BeforeEach
	void emptyServer() {
		for (int database = 0; database < 16; database++) {
			try (var client = server.client(database)) {
				for (String key : server.keys(database)) {
					client.command("DEL", key);
				}
			}
		}
	}

	@Test
	void cacheRoleWritesToDatabaseOneAndSessionAndDefaultToDatabaseZero() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
			write(cacheFactory(context), "cache-key");
			write(sessionFactory(context), "session-key");
			context.getBean(StringRedisTemplate.class).opsForValue().set("app-key", "v");
			assertThat(server.keys(1)).containsExactly("cache-key");
			assertThat(server.keys(0)).containsExactlyInAnyOrder("session-key", "app-key");
		});
	}

	@Test
	void databaseVariablesMoveTheRoles() {
		this.runner
			.withInitializer(EnvironmentVariablesInitializer.of("REDIS_HOST", server.host(), "REDIS_PORT",
					String.valueOf(server.port()), "REDIS_CACHE_DB", "5", "REDIS_SESSION_DB", "3"))
			.run((context) -> {
				write(cacheFactory(context), "cache-key");
				write(sessionFactory(context), "session-key");
				context.getBean(StringRedisTemplate.class).opsForValue().set("app-key", "v");
				assertThat(server.keys(5)).containsExactly("cache-key");
				assertThat(server.keys(3)).containsExactlyInAnyOrder("session-key", "app-key");
				assertThat(server.keys(0)).isEmpty();
				assertThat(server.keys(1)).isEmpty();
			});
	}

	@Test
	void aliasRedisDbAndDatabaseInTheUrl() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url() + "/7")).run((context) -> {
			write(sessionFactory(context), "session-key");
			assertThat(server.keys(7)).containsExactly("session-key");
		});
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "REDIS_DB", "6"))
			.run((context) -> {
				write(sessionFactory(context), "session-key");
				assertThat(server.keys(6)).containsExactly("session-key");
			});
	}

	@Test
	void applicationPropertiesWorkWithoutEnvironmentVariables() {
		this.runner.withPropertyValues("cache-platform.redis.url=" + server.url(), "cache-platform.redis.cache.database=2")
			.run((context) -> {
				write(cacheFactory(context), "cache-key");
				assertThat(server.keys(2)).containsExactly("cache-key");
			});
	}

	@Test
	void bootsOwnSpringDataRedisPropertiesAreTheFallback() {
		this.runner
			.withPropertyValues("spring.data.redis.host=" + server.host(), "spring.data.redis.port=" + server.port(),
					"spring.data.redis.database=4")
			.run((context) -> {
				write(cacheFactory(context), "cache-key");
				context.getBean(StringRedisTemplate.class).opsForValue().set("app-key", "v");
				assertThat(server.keys(1)).containsExactly("cache-key");
				assertThat(server.keys(4)).containsExactly("app-key");
			});
	}

	@Test
	void aclUserAndPasswordFromTheUrl() {
		try (RedisServer acl = RedisServer.builder().password("admin-pw").aclUser("app", "app-pw").start()) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", acl.url())).run((context) -> {
				assertThat(acl.url()).startsWith("redis://app:app-pw@");
				write(cacheFactory(context), "acl-key");
				assertThat(acl.keys(1)).containsExactly("acl-key");
			});
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_HOST", acl.host(), "REDIS_PORT",
						String.valueOf(acl.port()), "REDIS_USERNAME", "app", "REDIS_PASSWORD", "wrong"))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThatExceptionOfType(RedisConnectionFailureException.class)
						.isThrownBy(() -> write(cacheFactory(context), "k"));
				});
		}
	}

	@Test
	void tlsVerifiesTheServerCertificateAgainstTheGivenCa() {
		try (TlsMaterial tls = TlsMaterial.generate(); TlsMaterial otherCa = TlsMaterial.generate();
				RedisServer secure = RedisServer.builder().tls(tls).start()) {
			assertThat(secure.url()).startsWith("rediss://");
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", secure.url(), "REDIS_TLS_CA_CERT",
						tls.caCertificate().toString()))
				.run((context) -> {
					write(cacheFactory(context), "tls-key");
					assertThat(secure.keys(1)).containsExactly("tls-key");
				});
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", secure.url(), "REDIS_TLS_CA_CERT",
						otherCa.caCertificate().toString()))
				.run((context) -> assertThatExceptionOfType(RedisConnectionFailureException.class)
					.isThrownBy(() -> write(cacheFactory(context), "k")));
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", secure.url(), "REDIS_TLS_VERIFY", "none"))
				.run((context) -> {
					write(cacheFactory(context), "unverified-key");
					assertThat(secure.keys(1)).contains("unverified-key");
				});
		}
	}

	@Test
	void unixSocketUrl() {
		try (RedisServer local = RedisServer.builder().unixSocket().start()) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL",
						"redis-socket://" + local.socketPath() + "?database=2", "REDIS_CACHE_DB", "9"))
				.run((context) -> {
					write(cacheFactory(context), "socket-cache");
					write(sessionFactory(context), "socket-session");
					assertThat(local.keys(9)).containsExactly("socket-cache");
					assertThat(local.keys(2)).containsExactly("socket-session");
				});
		}
	}

	@Test
	void sessionsOnTheirOwnPersistentServer() {
		try (RedisServer persistent = RedisServer.builder().password("persistent-pw").persistence().start()) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "SESSION_REDIS_URL",
						persistent.url()))
				.run((context) -> {
					write(cacheFactory(context), "cache-key");
					write(sessionFactory(context), "session-key");
					assertThat(server.keys(1)).containsExactly("cache-key");
					assertThat(persistent.keys(0)).containsExactly("session-key");
					assertThat(server.keys(0)).isEmpty();
				});
		}
	}

	@Test
	void cacheOnItsOwnServerFromPostizStyleVariables() {
		try (RedisServer cacheServer = RedisServer.builder().password("cache-pw").start()) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url(), "CACHE_HOST",
						cacheServer.host(), "CACHE_PORT", String.valueOf(cacheServer.port()), "CACHE_PASSWORD", "cache-pw"))
				.run((context) -> {
					write(cacheFactory(context), "cache-key");
					assertThat(cacheServer.keys(1)).containsExactly("cache-key");
					assertThat(server.keys(1)).isEmpty();
				});
		}
	}

	@Test
	void clusterNodesSelectClusterModeAndKeysSpreadOverMasters() {
		try (RedisCluster cluster = RedisCluster.start(3)) {
			this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_CLUSTER_NODES", cluster.seeds()))
				.run((context) -> {
					assertThat(context.getBean(RedisEndpoints.class).cache().topology()).isEqualTo(RedisTopology.CLUSTER);
					StringRedisTemplate template = new StringRedisTemplate(cacheFactory(context));
					for (int i = 0; i < 30; i++) {
						template.opsForValue().set("product:" + i, "v" + i);
					}
					assertThat(cluster.keys()).hasSize(30);
					assertThat(cluster.nodes()).allSatisfy((node) -> assertThat(node.keys(0)).isNotEmpty());
					assertThat(template.opsForValue().get("product:17")).isEqualTo("v17");
				});
		}
	}

	@Test
	void sentinelFindsTheMaster() {
		try (RedisSentinel sentinel = RedisSentinel.start("mymaster")) {
			this.runner
				.withInitializer(EnvironmentVariablesInitializer.of("REDIS_SENTINEL_MASTER", "mymaster",
						"REDIS_SENTINEL_NODES", sentinel.nodes()))
				.run((context) -> {
					write(cacheFactory(context), "sentinel-cache");
					write(sessionFactory(context), "sentinel-session");
					assertThat(sentinel.master().keys(1)).containsExactly("sentinel-cache");
					assertThat(sentinel.master().keys(0)).containsExactly("sentinel-session");
				});
		}
	}

	@Test
	void everyRoleSharesOneSetOfClientResources() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url())).run((context) -> {
			ClientResources shared = context.getBean(ClientResources.class);
			assertThat(List.of(cacheFactory(context), sessionFactory(context),
					(LettuceConnectionFactory) context.getBean(RedisConnectionFactory.class)))
				.allSatisfy((factory) -> assertThat(factory.getClientResources()).isSameAs(shared));
		});
	}

	@Test
	void userDefinedConnectionFactoryReplacesTheDefaultRoleOnly() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withUserConfiguration(UserConnectionFactory.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("redisConnectionFactory");
				assertThat(context.getBean(RedisConnectionFactory.class))
					.isSameAs(context.getBean("userRedisConnectionFactory"));
				assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory())
					.isSameAs(context.getBean("userRedisConnectionFactory"));
				write(cacheFactory(context), "cache-key");
				assertThat(server.keys(1)).containsExactly("cache-key");
			});
	}

	@Test
	void withoutAnyRedisSettingNoConnectionIsSetUp() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisEndpoints.class);
			assertThat(context).doesNotHaveBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY);
		});
	}

	@Test
	void startsWhileRedisIsDownAndCommandsFailInsteadOfHanging() {
		RedisServer down = RedisServer.builder().start();
		String url = down.url();
		down.close();
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", url)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(RedisConnectionFailureException.class)
				.isThrownBy(() -> write(cacheFactory(context), "k"));
		});
	}

	@Test
	void clientNamesShowTheApplicationAndRole() {
		this.runner.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
			.withPropertyValues("spring.application.name=billing")
			.run((context) -> {
				write(cacheFactory(context), "k");
				write(sessionFactory(context), "k2");
				try (var client = server.client()) {
					assertThat(String.valueOf(client.command("CLIENT", "LIST"))).contains("name=billing:cache")
						.contains("name=billing:session");
				}
			});
	}

	@Test
	void connectionDetailsBeanAsRegisteredByServiceConnectionIsUsedForEveryRole() {
		DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of(server.host(), server.port());
			}
		};
		this.runner.withBean(DataRedisConnectionDetails.class, () -> details).run((context) -> {
			write(cacheFactory(context), "cache-key");
			context.getBean(StringRedisTemplate.class).opsForValue().set("app-key", "v");
			assertThat(server.keys(1)).containsExactly("cache-key");
			assertThat(server.keys(0)).containsExactly("app-key");
		});
	}

	static LettuceConnectionFactory cacheFactory(AssertableApplicationContext context) {
		return context.getBean(CachePlatformRedisAutoConfiguration.CACHE_CONNECTION_FACTORY,
				LettuceConnectionFactory.class);
	}

	static LettuceConnectionFactory sessionFactory(AssertableApplicationContext context) {
		return context.getBean(CachePlatformRedisAutoConfiguration.SESSION_CONNECTION_FACTORY,
				LettuceConnectionFactory.class);
	}

	static void write(RedisConnectionFactory factory, String key) {
		new StringRedisTemplate(factory).opsForValue().set(key, "value");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionFactory {

		@Bean
		LettuceConnectionFactory userRedisConnectionFactory() {
			return new LettuceConnectionFactory(server.host(), server.port());
		}

	}

}

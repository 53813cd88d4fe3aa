package dev.cacheplatform.metrics.session;

import dev.cacheplatform.metrics.session.SessionStoreMeterBinder.Counted;
import dev.cacheplatform.session.CachePlatformSessionAutoConfiguration;
import dev.cacheplatform.session.redis.CachePlatformRedisSessionRepository;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

/**
 * The session store's meters ({@link SessionStoreMeterBinder}), for whichever store is in use: Cache
 * Platform's Redis repository counts everything itself ({@code store=redis}); Spring Session's indexed
 * repository ({@code spring.session.data.redis.repository-type=indexed}, {@code store=redis}) and the memory
 * store ({@code store=memory}) are counted around the repository ({@link SessionRepositoryCounting}). Backs off
 * without Micrometer or a {@link MeterRegistry}.
 */
@AutoConfiguration(after = CachePlatformSessionAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, SessionRepository.class })
@ConditionalOnBean(MeterRegistry.class)
public final class CachePlatformSessionMetricsAutoConfiguration {

	private static final String INDEXED_REPOSITORY = "org.springframework.session.data.redis.RedisIndexedSessionRepository";

	private static final String INDEXED_COUNTING = "cachePlatformIndexedSessionRepositoryCounting";

	private static final String MEMORY_COUNTING = "cachePlatformMemorySessionRepositoryCounting";

	/** Cache Platform's Redis repository, which counts requests, reads, writes, commands and failures. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnBean(CachePlatformRedisSessionRepository.class)
	static class RedisRepositoryMetricsConfiguration {

		@Bean
		SessionStoreMeterBinder cachePlatformSessionStoreMeterBinder(CachePlatformRedisSessionRepository repository) {
			return new SessionStoreMeterBinder(repository.counters(), "redis", Counted.EVERYTHING);
		}

	}

	/** Spring Session's indexed repository: reads, writes and failures, counted around it. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = INDEXED_REPOSITORY)
	@ConditionalOnBean(type = INDEXED_REPOSITORY)
	static class IndexedRepositoryMetricsConfiguration {

		@Bean(INDEXED_COUNTING)
		static SessionRepositoryCounting cachePlatformIndexedSessionRepositoryCounting() {
			return new SessionRepositoryCounting(INDEXED_REPOSITORY);
		}

		@Bean
		SessionStoreMeterBinder cachePlatformIndexedSessionStoreMeterBinder(
				@Qualifier(INDEXED_COUNTING) SessionRepositoryCounting counting) {
			return new SessionStoreMeterBinder(counting.counters(), "redis", Counted.READS_WRITES_FAILURES);
		}

	}

	/** The memory store: reads and writes of its map, counted around the repository. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MapSessionRepository.class)
	static class MemoryStoreMetricsConfiguration {

		@Bean(MEMORY_COUNTING)
		static SessionRepositoryCounting cachePlatformMemorySessionRepositoryCounting() {
			return new SessionRepositoryCounting(MapSessionRepository.class.getName());
		}

		@Bean
		SessionStoreMeterBinder cachePlatformMemorySessionStoreMeterBinder(
				@Qualifier(MEMORY_COUNTING) SessionRepositoryCounting counting) {
			return new SessionStoreMeterBinder(counting.counters(), "memory", Counted.READS_WRITES);
		}

	}

}

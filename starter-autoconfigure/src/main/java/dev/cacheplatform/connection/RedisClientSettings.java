package dev.cacheplatform.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The client settings every role's connection uses: ours ({@code cache-platform.redis.*} and the variables
 * mapped to it) where set, else Spring Boot's {@code spring.data.redis.*} equivalent, so an application that
 * already tuned its Redis client keeps its settings, else our defaults. Mapping:
 * <ul>
 * <li>{@code spring.data.redis.timeout}: {@code cache-platform.redis.command-timeout} (REDIS_COMMAND_TIMEOUT);</li>
 * <li>{@code spring.data.redis.connect-timeout}: {@code cache-platform.redis.connect-timeout}
 * (REDIS_CONNECT_TIMEOUT);</li>
 * <li>{@code spring.data.redis.client-name}: {@code cache-platform.redis.client-name}, the prefix of each
 * role's client name ({@code <name>:cache});</li>
 * <li>{@code spring.data.redis.lettuce.shutdown-timeout}: {@code cache-platform.redis.shutdown-timeout};</li>
 * <li>{@code spring.data.redis.cluster.max-redirects}: {@code cache-platform.redis.cluster.max-redirects};</li>
 * <li>{@code spring.data.redis.lettuce.cluster.refresh.period}:
 * {@code cache-platform.redis.cluster.refresh-period}.</li>
 * </ul>
 * Boot settings with no meaning for our connections are reported once at startup, at WARN, each with what to do
 * instead: {@code spring.data.redis.lettuce.pool.*} and {@code jedis.*} (every role multiplexes one Lettuce
 * connection), {@code client-type=jedis}, {@code lettuce.read-from}, {@code masterreplica.nodes}, and
 * {@code lettuce.cluster.refresh.dynamic-refresh-sources=false}.
 */
public final class RedisClientSettings {

	static final String TIMEOUT = "spring.data.redis.timeout";

	static final String CONNECT_TIMEOUT = "spring.data.redis.connect-timeout";

	static final String CLIENT_NAME = "spring.data.redis.client-name";

	static final String SHUTDOWN_TIMEOUT = "spring.data.redis.lettuce.shutdown-timeout";

	static final String MAX_REDIRECTS = "spring.data.redis.cluster.max-redirects";

	static final String REFRESH_PERIOD = "spring.data.redis.lettuce.cluster.refresh.period";

	private static final String OWN_FACTORY = "if the application needs it, define its own RedisConnectionFactory bean "
			+ "(Cache Platform's default connection then backs off; the cache and session roles keep theirs)";

	private final Duration commandTimeout;

	private final Duration connectTimeout;

	private final Duration shutdownTimeout;

	private final String clientName;

	private final int maxRedirects;

	private final Duration refreshPeriod;

	private final List<String> read = new ArrayList<>();

	private RedisClientSettings(CachePlatformRedisProperties ours, Binder binder, String applicationName,
			Consumer<String> warnings) {
		this.commandTimeout = pick(binder, "cache-platform.redis.command-timeout", ours.getCommandTimeout(), TIMEOUT,
				Duration.class);
		this.connectTimeout = pick(binder, "cache-platform.redis.connect-timeout", ours.getConnectTimeout(),
				CONNECT_TIMEOUT, Duration.class);
		this.shutdownTimeout = pick(binder, "cache-platform.redis.shutdown-timeout", ours.getShutdownTimeout(),
				SHUTDOWN_TIMEOUT, Duration.class);
		String name = pick(binder, "cache-platform.redis.client-name", ours.getClientName(), CLIENT_NAME, String.class);
		this.clientName = (name != null) ? name : applicationName;
		this.maxRedirects = pick(binder, "cache-platform.redis.cluster.max-redirects",
				ours.getCluster().getMaxRedirects(), MAX_REDIRECTS, Integer.class);
		this.refreshPeriod = pick(binder, "cache-platform.redis.cluster.refresh-period",
				ours.getCluster().getRefreshPeriod(), REFRESH_PERIOD, Duration.class);
		warnInapplicable(binder, warnings);
	}

	/**
	 * Reads the settings in effect and reports, through {@code warnings}, each Boot setting that is ignored.
	 * @param ours our bound properties
	 * @param environment the environment
	 * @param warnings where to report ignored settings, one message each
	 * @return the settings in effect
	 */
	public static RedisClientSettings read(CachePlatformRedisProperties ours, Environment environment,
			Consumer<String> warnings) {
		return new RedisClientSettings(ours, Binder.get(environment),
				environment.getProperty("spring.application.name", "cache-platform"), warnings);
	}

	private <T> T pick(Binder binder, String ourName, T ourValue, String stockName, Class<T> type) {
		if (binder.bind(ourName, String.class).isBound()) {
			return ourValue;
		}
		BindResult<T> stock = binder.bind(stockName, Bindable.of(type));
		if (!stock.isBound()) {
			return ourValue;
		}
		this.read.add(stockName + "=" + binder.bind(stockName, String.class).orElse(String.valueOf(stock.get())));
		return stock.get();
	}

	private static void warnInapplicable(Binder binder, Consumer<String> warnings) {
		if (isBound(binder, "spring.data.redis.lettuce.pool")) {
			warnings.accept("spring.data.redis.lettuce.pool.* is ignored: Cache Platform's connections share one "
					+ "multiplexed Lettuce connection per role, and Spring Data Redis takes a dedicated connection for "
					+ "blocking commands and transactions; remove the pool settings, or " + OWN_FACTORY);
		}
		if (isBound(binder, "spring.data.redis.jedis")) {
			warnings.accept("spring.data.redis.jedis.* is ignored: Cache Platform connects with Lettuce; remove the "
					+ "Jedis settings, or " + OWN_FACTORY);
		}
		String clientType = binder.bind("spring.data.redis.client-type", String.class).orElse(null);
		if (clientType != null && !clientType.equalsIgnoreCase("lettuce")) {
			warnings.accept("spring.data.redis.client-type=" + clientType + " is ignored: Cache Platform connects "
					+ "with Lettuce; remove the setting, or " + OWN_FACTORY);
		}
		String readFrom = binder.bind("spring.data.redis.lettuce.read-from", String.class).orElse(null);
		if (readFrom != null) {
			warnings.accept("spring.data.redis.lettuce.read-from=" + readFrom + " is ignored: Cache Platform reads "
					+ "from the master so that a read follows the write before it; to read from replicas, define a "
					+ "LettuceClientConfigurationBuilderCustomizer bean that calls readFrom(...): it applies to every "
					+ "role");
		}
		if (isBound(binder, "spring.data.redis.masterreplica")
				|| binder.bind("spring.data.redis.masterreplica.nodes", Bindable.listOf(String.class)).isBound()) {
			warnings.accept("spring.data.redis.masterreplica.nodes is ignored: Cache Platform connects to one server, "
					+ "a master found through Sentinel, or a cluster; set REDIS_URL to the master, or "
					+ "REDIS_SENTINEL_MASTER and REDIS_SENTINEL_NODES so that a failover is followed");
		}
		Boolean dynamicSources = binder.bind("spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources",
				Boolean.class).orElse(null);
		if (Boolean.FALSE.equals(dynamicSources)) {
			warnings.accept("spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources=false is ignored: "
					+ "Cache Platform discovers the cluster from every node it learns of, so that a failover of a "
					+ "seed node heals by itself; remove the setting, or define a LettuceClientOptionsBuilderCustomizer "
					+ "bean that sets other topology refresh options");
		}
	}

	private static boolean isBound(Binder binder, String prefix) {
		return binder.bind(prefix, Bindable.mapOf(String.class, Object.class)).isBound();
	}

	/** @return the command timeout of every role */
	public Duration commandTimeout() {
		return this.commandTimeout;
	}

	/** @return the connect timeout of every role */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** @return the time allowed for a graceful client shutdown */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/** @return the prefix of each role's client name: ours, else Boot's, else {@code spring.application.name} */
	public String clientName() {
		return this.clientName;
	}

	/** @return the maximum number of cluster redirects followed for one command */
	public int maxRedirects() {
		return this.maxRedirects;
	}

	/** @return the period of the background cluster topology refresh */
	public Duration refreshPeriod() {
		return this.refreshPeriod;
	}

	/** @return the Boot settings whose values are in effect, as {@code name=value}, in the order read */
	public List<String> read() {
		return Collections.unmodifiableList(this.read);
	}

	@Override
	public String toString() {
		return "RedisClientSettings[commandTimeout=" + this.commandTimeout + ", connectTimeout=" + this.connectTimeout
				+ ", shutdownTimeout=" + this.shutdownTimeout + ", clientName=" + this.clientName + "]";
	}

}

package dev.cacheplatform.health;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.connection.RedisRole;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Whether one Redis server answers, shared by every role on that server so that a health request
 * probes each server once.
 * <p>
 * Sends {@code PING} (in a cluster, to every node), nothing else. A role reuses the last result when
 * another role took it less than {@value #REUSE_MILLIS} ms ago (the roles of one health request); a role
 * that asks again always gets a fresh probe, so repeated health requests never see a stale answer.
 */
final class RedisServerProbe {

	static final long REUSE_MILLIS = 1000;

	private final String server;

	private final RedisConnectionFactory connectionFactory;

	private @Nullable Result last;

	private final Set<RedisRole> servedLast = EnumSet.noneOf(RedisRole.class);

	RedisServerProbe(String server, RedisConnectionFactory connectionFactory) {
		this.server = server;
		this.connectionFactory = connectionFactory;
	}

	/** @return the server as an operator names it, never with credentials */
	String server() {
		return this.server;
	}

	/**
	 * Returns whether the server answers, probing it unless another role's recent probe can be reused.
	 * @param role the role asking
	 * @return the result
	 */
	synchronized Result probe(RedisRole role) {
		long now = System.nanoTime();
		Result result = this.last;
		if (result == null || this.servedLast.contains(role)
				|| TimeUnit.NANOSECONDS.toMillis(now - result.nanoTime()) >= REUSE_MILLIS) {
			result = new Result(now, ping());
			this.last = result;
			this.servedLast.clear();
		}
		this.servedLast.add(role);
		return result;
	}

	private @Nullable String ping() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.ping();
			return null;
		}
		catch (RuntimeException ex) {
			return HealthErrors.describe(ex);
		}
	}

	/**
	 * One probe's outcome.
	 * @param nanoTime when it was taken ({@link System#nanoTime()})
	 * @param error what went wrong, or {@code null} when the server answered
	 */
	record Result(long nanoTime, @Nullable String error) {

		boolean reachable() {
			return this.error == null;
		}

	}

}

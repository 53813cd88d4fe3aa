package dev.cacheplatform.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.DigestUtils;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The commands of {@link RedisLoadLock}, each on the one lock key, so they work on a cluster:
 * <ul>
 * <li>acquire: {@code SET <lockKey> <token> NX PX <lease>};</li>
 * <li>renew: {@code EVALSHA <sha1> 1 <lockKey> <token> <lease>}, a script that runs {@code GET} and, only if
 * the lock still holds this token, {@code PEXPIRE <lockKey> <lease>};</li>
 * <li>release: {@code EVALSHA <sha1> 1 <lockKey> <token> 0}, the same script, which runs {@code GET} and, only
 * if the lock still holds this token, {@code DEL <lockKey>}.</li>
 * </ul>
 * When the script is not loaded on a server yet (after a restart or failover) the {@code EVALSHA} answers
 * {@code NOSCRIPT} and is sent once more as {@code EVAL <script> 1 ...}, which loads it. Comparing inside the
 * script makes renewing and releasing atomic: an owner whose lease ran out never extends or deletes the lock
 * another caller has taken since. Errors propagate; {@link RedisLoadLock} turns them into a local load.
 */
final class LoadLockCommands {

	/** The Lua source. ARGV: the owner's token, then the lease in ms, or '0' to release. */
	static final String SOURCE = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			if ARGV[2] == '0' then return redis.call('DEL', KEYS[1]) end
			return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			""";

	private static final byte[] SCRIPT = SOURCE.getBytes(StandardCharsets.UTF_8);

	private static final String SHA1 = DigestUtils.sha1DigestAsHex(SOURCE);

	private static final byte[] RELEASE = { '0' };

	private final RedisConnectionFactory connectionFactory;

	LoadLockCommands(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/** @return whether the lock was free and now holds the token for the lease */
	boolean acquire(byte[] lockKey, byte[] token, long leaseMillis) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Boolean set = connection.stringCommands()
				.set(lockKey, token, Expiration.from(leaseMillis, TimeUnit.MILLISECONDS), SetOption.ifAbsent());
			return Boolean.TRUE.equals(set);
		}
	}

	/** @return whether the lock still held the token and now lives for the lease again */
	boolean renew(byte[] lockKey, byte[] token, long leaseMillis) {
		return compareAnd(lockKey, token, Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII));
	}

	/** @return whether the lock still held the token and is now deleted */
	boolean release(byte[] lockKey, byte[] token) {
		return compareAnd(lockKey, token, RELEASE);
	}

	private boolean compareAnd(byte[] lockKey, byte[] token, byte[] action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Long result;
			try {
				result = connection.scriptingCommands().evalSha(SHA1, ReturnType.INTEGER, 1, lockKey, token, action);
			}
			catch (DataAccessException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				result = connection.scriptingCommands().eval(SCRIPT, ReturnType.INTEGER, 1, lockKey, token, action);
			}
			return result != null && result == 1L;
		}
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

}

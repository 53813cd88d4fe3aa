package dev.cacheplatform.session.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.DigestUtils;

/**
 * Writes the changed fields of one session hash in one round trip: a short Lua script that checks the
 * session still exists (unless it is new), sets and deletes the given fields and sets the TTL, atomically.
 * <p>
 * Sends {@code EVALSHA <sha1> 1 <key> <args>}, and {@code EVAL <script> 1 <key> <args>} once per server
 * when the script is not loaded there yet (after a restart or failover). Inside, the script runs
 * {@code PEXPIRE} (or {@code EXISTS} and {@code PERSIST}), {@code HSET} and {@code HDEL} on that one key, so
 * it works in a cluster. A script, not {@code MULTI}: the write must depend on whether the key exists, so a
 * save never brings back a session that was deleted (logout in another tab) or expired meanwhile.
 */
final class SessionWriteScript {

	/**
	 * The Lua source. ARGV: mode ('x': only if the hash exists, 'n': in any case), TTL in ms (0: none), n,
	 * n field-value pairs, then the fields to delete. In mode 'x' the {@code PEXPIRE} comes first: it answers
	 * 0 for a missing key, so it doubles as the existence check and a touch costs two commands inside.
	 */
	static final String SOURCE = """
			local ttl = tonumber(ARGV[2])
			if ARGV[1] == 'x' then
			  if ttl > 0 then
			    if redis.call('PEXPIRE', KEYS[1], ttl) == 0 then return 0 end
			  elseif redis.call('EXISTS', KEYS[1]) == 0 then return 0
			  else redis.call('PERSIST', KEYS[1]) end
			end
			local n = tonumber(ARGV[3])
			if n > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 4, 3 + 2 * n)) end
			if #ARGV > 3 + 2 * n then redis.call('HDEL', KEYS[1], unpack(ARGV, 4 + 2 * n)) end
			if ARGV[1] ~= 'x' then
			  if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
			end
			return 1
			""";

	private static final byte[] SCRIPT = SOURCE.getBytes(StandardCharsets.UTF_8);

	private static final String SHA1 = DigestUtils.sha1DigestAsHex(SOURCE);

	private static final byte[] ONLY_IF_PRESENT = { 'x' };

	private static final byte[] IN_ANY_CASE = { 'n' };

	private SessionWriteScript() {
	}

	/**
	 * Writes fields of a session hash.
	 * @param connection the session role's connection
	 * @param key the session hash
	 * @param onlyIfPresent whether to write only if the hash exists
	 * @param ttlMillis the TTL to set; zero or less for none
	 * @param fields field name and value pairs to set
	 * @param deleted field names to delete
	 * @return whether the fields were written
	 */
	static boolean write(RedisConnection connection, byte[] key, boolean onlyIfPresent, long ttlMillis,
			List<byte[]> fields, List<byte[]> deleted) {
		List<byte[]> keysAndArgs = new ArrayList<>(4 + fields.size() + deleted.size());
		keysAndArgs.add(key);
		keysAndArgs.add(onlyIfPresent ? ONLY_IF_PRESENT : IN_ANY_CASE);
		keysAndArgs.add(ascii(Math.max(0, ttlMillis)));
		keysAndArgs.add(ascii(fields.size() / 2));
		keysAndArgs.addAll(fields);
		keysAndArgs.addAll(deleted);
		byte[][] array = keysAndArgs.toArray(new byte[0][]);
		Long written;
		try {
			written = connection.scriptingCommands().evalSha(SHA1, ReturnType.INTEGER, 1, array);
		}
		catch (DataAccessException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			written = connection.scriptingCommands().eval(SCRIPT, ReturnType.INTEGER, 1, array);
		}
		return written != null && written == 1L;
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

	private static byte[] ascii(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}

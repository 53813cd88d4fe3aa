package dev.cacheplatform.cache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.exception.MemcachedServerException;
import org.jspecify.annotations.Nullable;

/**
 * Every command the memcached driver sends, each bounded by the command timeout: {@code get} (one key, or
 * several at once for generation numbers), {@code set} with an expiry, {@code delete}, and {@code incr} (with
 * {@code add} of the initial value when the counter is missing) for generation numbers. Never {@code flush_all},
 * which would wipe every application on the server. Failures surface as {@link MemcachedAccessException}; a value
 * the server refuses as too large as {@link ItemTooLargeException}.
 * <p>
 * Expiries follow memcached's rule: up to 30 days a number of seconds, beyond that a unix time, which is what
 * {@link #expiry(Duration)} turns a TTL into.
 */
final class MemcachedCommands {

	/** Memcached reads an expiry above this many seconds as a unix time. */
	static final long MAX_RELATIVE_EXPIRY_SECONDS = 30L * 24 * 60 * 60;

	private final MemcachedClient client;

	private final long timeoutMillis;

	private final Clock clock;

	/**
	 * @param client the connected client
	 * @param timeout the command timeout
	 * @param clock the wall clock, for expiries beyond 30 days
	 */
	MemcachedCommands(MemcachedClient client, Duration timeout, Clock clock) {
		this.client = client;
		this.timeoutMillis = Math.max(1, timeout.toMillis());
		this.clock = clock;
	}

	MemcachedClient client() {
		return this.client;
	}

	/**
	 * @param ttl the time to live; zero for none
	 * @return the expiry as memcached takes it: 0 for none, seconds (rounded up) up to 30 days, else a unix time
	 */
	int expiry(Duration ttl) {
		if (ttl.isZero() || ttl.isNegative()) {
			return 0;
		}
		long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
		if (seconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
			return (int) seconds;
		}
		return (int) Math.min(Integer.MAX_VALUE, this.clock.instant().getEpochSecond() + seconds);
	}

	/** {@code get <key>}. */
	byte @Nullable [] get(String key) {
		try {
			return this.client.get(key, this.timeoutMillis, RawBytesTranscoder.INSTANCE);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("get", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("get", ex);
		}
	}

	/** {@code get <key> <key>...}: one round trip per server. */
	Map<String, byte[]> getAll(Collection<String> keys) {
		try {
			return this.client.get(keys, this.timeoutMillis, RawBytesTranscoder.INSTANCE);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("get (several keys)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("get (several keys)", ex);
		}
	}

	/**
	 * {@code set <key> 0 <expiry> <length>}.
	 * @throws ItemTooLargeException when the server refuses the value as larger than its item size limit
	 */
	void set(String key, byte[] value, Duration ttl) {
		try {
			this.client.set(key, expiry(ttl), value, RawBytesTranscoder.INSTANCE, this.timeoutMillis);
		}
		catch (MemcachedServerException ex) {
			throw tooLargeOr("set", value, ex);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("set", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("set", ex);
		}
	}

	/**
	 * {@code add <key> 0 <expiry> <length>}: stores only when there is no such item.
	 * @return whether it was stored
	 * @throws ItemTooLargeException when the server refuses the value as larger than its item size limit
	 */
	boolean add(String key, byte[] value, Duration ttl) {
		try {
			return this.client.add(key, expiry(ttl), value, RawBytesTranscoder.INSTANCE, this.timeoutMillis);
		}
		catch (MemcachedServerException ex) {
			throw tooLargeOr("add", value, ex);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("add", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("add", ex);
		}
	}

	private static RuntimeException tooLargeOr(String command, byte[] value, MemcachedServerException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		return (message.contains("too large") || message.contains("out of memory")) ? new ItemTooLargeException(value.length, ex)
				: new MemcachedAccessException(command, ex);
	}

	/** {@code delete <key>}: whether there was such an item. */
	boolean delete(String key) {
		try {
			return this.client.delete(key, this.timeoutMillis);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("delete", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("delete", ex);
		}
	}

	/**
	 * {@code incr <key> <delta>}, and {@code add <key> 0 0 <initial>} when there is no such counter (then
	 * {@code incr} again if another client added it first).
	 * @return the counter's value afterwards
	 */
	long increment(String key, long delta, long initial) {
		try {
			return this.client.incr(key, delta, initial, this.timeoutMillis);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw new MemcachedAccessException("incr", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MemcachedAccessException("incr", ex);
		}
	}

}

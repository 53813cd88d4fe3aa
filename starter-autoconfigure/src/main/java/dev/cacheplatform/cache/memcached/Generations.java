package dev.cacheplatform.cache.memcached;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheScope;
import org.jspecify.annotations.Nullable;

/**
 * The generation numbers that make a clear cheap: every entry's key holds its cache's all-tenants generation and
 * its scope's generation, so bumping one ({@code incr}) leaves the old entries unreachable (memcached evicts them
 * as it needs room, or they expire). Reads both with one {@code get} of two keys; a missing counter is created with
 * {@code incr}/{@code add}, starting from the current time in milliseconds, so a counter that memcached evicted or
 * lost in a restart starts above every number it held before and old entries never come back.
 * <p>
 * An instance keeps the numbers it read for {@code generation-refresh} (bounded, at most
 * {@value #MAX_LOCAL_GENERATIONS} of them): a clear on another instance is seen here within that long; its own
 * clears at once. Zero reads them with every call.
 */
final class Generations {

	static final int MAX_LOCAL_GENERATIONS = 10_000;

	private final MemcachedCommands commands;

	private final MemcachedKeys keys;

	private final @Nullable Cache<String, Long> local;

	private final LongSupplier initial;

	/**
	 * @param commands the server
	 * @param keys names the counters
	 * @param refresh how long a number read is reused; zero for never
	 * @param ticker time for that, a fake in tests
	 * @param initial where a new counter starts: {@code System::currentTimeMillis}
	 */
	Generations(MemcachedCommands commands, MemcachedKeys keys, Duration refresh, Ticker ticker, LongSupplier initial) {
		this.commands = commands;
		this.keys = keys;
		this.initial = initial;
		this.local = refresh.isZero() ? null
				: Caffeine.newBuilder()
					.maximumSize(MAX_LOCAL_GENERATIONS)
					.expireAfterWrite(refresh)
					.ticker(ticker)
					.executor(Runnable::run)
					.build();
	}

	/**
	 * @param scope the cache and tenant (not all tenants)
	 * @return the generations entries of that scope are written and read under now
	 */
	Pair current(CacheScope scope) {
		String allKey = this.keys.allTenantsGeneration(scope.cacheName());
		String scopeKey = this.keys.scopeGeneration(scope);
		Long all = (this.local != null) ? this.local.getIfPresent(allKey) : null;
		Long own = (this.local != null) ? this.local.getIfPresent(scopeKey) : null;
		if (all == null || own == null) {
			Map<String, byte[]> read = this.commands.getAll(List.of(allKey, scopeKey));
			all = orCreate(allKey, read.get(allKey));
			own = orCreate(scopeKey, read.get(scopeKey));
		}
		return new Pair(all, own);
	}

	/**
	 * Moves the scope's generation on: its entries become unreachable for every instance.
	 * @param scope the cache and tenant, or every tenant of a cache
	 */
	void bump(CacheScope scope) {
		String key = scope.isAllTenants() ? this.keys.allTenantsGeneration(scope.cacheName())
				: this.keys.scopeGeneration(scope);
		remember(key, this.commands.increment(key, 1, this.initial.getAsLong()));
	}

	private long orCreate(String key, byte @Nullable [] stored) {
		Long value = parse(stored);
		if (value == null) {
			value = this.commands.increment(key, 0, this.initial.getAsLong());
		}
		return remember(key, value);
	}

	private long remember(String key, long value) {
		if (this.local != null) {
			this.local.put(key, value);
		}
		return value;
	}

	private static @Nullable Long parse(byte @Nullable [] stored) {
		if (stored == null) {
			return null;
		}
		try {
			return Long.parseLong(new String(stored, StandardCharsets.US_ASCII).trim());
		}
		catch (NumberFormatException ex) {
			return null; // not a counter: incr fails on it, which the fault layer reports
		}
	}

	/**
	 * The two generations of a scope.
	 *
	 * @param allTenants the generation every tenant of the cache shares
	 * @param scope the generation of the one scope
	 */
	record Pair(long allTenants, long scope) {
	}

}

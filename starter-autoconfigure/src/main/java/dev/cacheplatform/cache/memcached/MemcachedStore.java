package dev.cacheplatform.cache.memcached;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.cache.Loading;
import dev.cacheplatform.cache.ScopedCacheProvider;
import dev.cacheplatform.cache.StoreMaintenance;
import dev.cacheplatform.cache.TtlPolicy;
import dev.cacheplatform.codec.CacheValueCodec;
import net.rubyeye.xmemcached.MemcachedClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * The memcached store: a {@link MemcachedCache} for a cache name and tenant, on one or several servers (the client
 * spreads keys by consistent hashing). Keys are laid out by {@link MemcachedKeys}, values are the
 * {@link CacheValueCodec}'s bytes, TTLs come from the {@link TtlPolicy} of the cache name (over 30 days sent as a
 * unix time). Sends {@code get}, {@code set}, {@code add}, {@code delete} and {@code incr} (see
 * {@link MemcachedCommands}); a clear of one scope, one tenant or every tenant of a cache is an {@code incr} of a
 * generation number ({@link Generations}), never {@code flush_all}.
 * <p>
 * A value over the server's item size limit ({@code -I}) is not storable: counted as
 * {@link CacheFaultCounters.Kind#NOT_STORABLE}, logged once per cache at WARN, and the method's value is returned
 * uncached; the request never fails for it.
 */
public class MemcachedStore implements ScopedCacheProvider, StoreMaintenance {

	private static final Log logger = LogFactory.getLog(MemcachedStore.class);

	private final MemcachedCommands commands;

	private final MemcachedServers servers;

	private final MemcachedKeys keys;

	private final Generations generations;

	private final TtlPolicy ttlPolicy;

	private final CacheValueCodec codec;

	private final CacheFaultCounters counters;

	private final Loading loading = new Loading();

	private final Set<String> warnedTooLarge = ConcurrentHashMap.newKeySet();

	/**
	 * @param client the connected client ({@link MemcachedClients#create})
	 * @param servers the servers it talks to
	 * @param properties the command timeout and generation refresh
	 * @param prefix the key namespace, used verbatim
	 * @param ttlPolicy TTL and null handling per cache
	 * @param codec how values become bytes
	 * @param counters where values over the item size limit are counted
	 * @param clock wall time, for expiries over 30 days
	 * @param ticker time for reusing generation numbers, a fake in tests
	 */
	public MemcachedStore(MemcachedClient client, MemcachedServers servers, MemcachedProperties properties,
			String prefix, TtlPolicy ttlPolicy, CacheValueCodec codec, CacheFaultCounters counters, Clock clock,
			Ticker ticker) {
		this.commands = new MemcachedCommands(client, properties.getCommandTimeout(), clock);
		this.servers = servers;
		this.keys = new MemcachedKeys(prefix);
		this.generations = new Generations(this.commands, this.keys, properties.getGenerationRefresh(), ticker,
				clock::millis);
		this.ttlPolicy = ttlPolicy;
		this.codec = codec;
		this.counters = counters;
	}

	@Override
	public Cache getCache(CacheScope scope) {
		// Cheap to build, so not kept: the pipeline keeps a bounded number of them
		return new MemcachedCache(scope, this, this.ttlPolicy.cachesNullValues(scope.cacheName()));
	}

	/** {@code incr} of the cache's all-tenants generation. */
	@Override
	public void clearAllTenants(String cacheName) {
		clear(CacheScope.allTenants(cacheName));
	}

	/**
	 * {@code incr} of the scope's generation (of the cache's all-tenants generation for
	 * {@link CacheScope#allTenants}): the entries stay on the server, unreachable, until they expire or are evicted.
	 * @return {@code -1}: memcached cannot count the entries a clear left behind
	 */
	@Override
	public long clear(CacheScope scope) {
		this.generations.bump(scope);
		return -1;
	}

	/**
	 * {@code get} of the entry (memcached has no command that tells an item's size or TTL without its value; the
	 * value is read and dropped, never returned).
	 * @return the entry's key and size; its time to live is not known ({@code null})
	 */
	@Override
	public @Nullable StoredEntry inspect(CacheScope scope, String key) {
		String storeKey = storeKey(scope, key);
		byte[] bytes = this.commands.get(storeKey);
		return (bytes != null) ? new StoredEntry(storeKey, null, (long) bytes.length, "item") : null;
	}

	/** {@code delete} of the entry. */
	@Override
	public boolean evict(CacheScope scope, String key) {
		return this.commands.delete(storeKey(scope, key));
	}

	/** @return {@code null}: memcached cannot count one cache's items */
	@Override
	public @Nullable Long size(String cacheName) {
		return null;
	}

	/** @return the xmemcached client */
	@Override
	public Object nativeStore() {
		return this.commands.client();
	}

	/** @return the servers, password masked in {@code toString()} */
	public MemcachedServers servers() {
		return this.servers;
	}

	/** @return the key prefix */
	public String prefix() {
		return this.keys.prefix();
	}

	/**
	 * @param scope the cache and tenant
	 * @param key the cache key
	 * @return the entry's key on the server, under the scope's current generations
	 */
	String storeKey(CacheScope scope, Object key) {
		return this.keys.entry(scope, this.generations.current(scope), String.valueOf(key));
	}

	/**
	 * Stores the bytes with the cache's TTL; a value over the item size limit is counted and skipped.
	 * @return whether the value was stored or skipped as too large; {@code false} when {@code onlyIfAbsent} found
	 * an item
	 */
	boolean write(CacheScope scope, String storeKey, byte[] bytes, boolean onlyIfAbsent) {
		try {
			if (onlyIfAbsent) {
				return this.commands.add(storeKey, bytes, this.ttlPolicy.ttlForNewEntry(scope.cacheName()));
			}
			this.commands.set(storeKey, bytes, this.ttlPolicy.ttlForNewEntry(scope.cacheName()));
			return true;
		}
		catch (ItemTooLargeException ex) {
			this.counters.increment(CacheFaultCounters.Kind.NOT_STORABLE, scope.qualifiedName());
			if (this.warnedTooLarge.add(scope.cacheName())) {
				logger.warn("Memcached cache: a value of cache '" + scope.cacheName() + "' was not stored: "
						+ ex.getMessage() + "; such values are returned uncached (raise memcached -I, or cache "
						+ "smaller values; logged once per cache)");
			}
			return true;
		}
	}

	MemcachedCommands commands() {
		return this.commands;
	}

	CacheValueCodec codec() {
		return this.codec;
	}

	Loading loading() {
		return this.loading;
	}

	@Override
	public String toString() {
		return "MemcachedStore[" + this.servers + ", prefix='" + this.keys.prefix() + "']";
	}

}

package dev.cacheplatform.cache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cacheplatform.cache.CacheScope;
import dev.cacheplatform.testsupport.MemcachedServer;
import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generation numbers against a real memcached, time moved by a fake ticker: a clear on one instance is seen by
 * another once its refresh has passed, never before it is asked again; a lost counter restarts above every number
 * it held. Also what the expiry of a TTL over 30 days is sent as.
 */
class GenerationsTests {

	private static MemcachedServer server;

	private static MemcachedClient client;

	private final AtomicLong nanos = new AtomicLong();

	private final Ticker ticker = this.nanos::get;

	@BeforeAll
	static void start() {
		server = MemcachedServer.start();
		MemcachedProperties properties = new MemcachedProperties();
		properties.setUrl(server.url());
		client = MemcachedClients.create(MemcachedServers.resolve(properties, null), properties);
	}

	@AfterAll
	static void stop() throws Exception {
		if (client != null) {
			client.shutdown();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aClearOnOneInstanceIsSeenByAnotherOnceItsRefreshHasPassed() {
		CacheScope scope = new CacheScope("products", "acme");
		Generations a = generations("g1:", Duration.ofSeconds(1));
		Generations b = generations("g1:", Duration.ofSeconds(1));
		Generations.Pair before = b.current(scope);
		assertThat(a.current(scope)).isEqualTo(before);
		a.bump(scope);
		assertThat(a.current(scope).scope()).isEqualTo(before.scope() + 1);
		assertThat(b.current(scope)).as("within the refresh: the number read before").isEqualTo(before);
		this.nanos.addAndGet(Duration.ofMillis(1001).toNanos());
		assertThat(b.current(scope).scope()).isEqualTo(before.scope() + 1);
	}

	@Test
	void withoutRefreshEveryCallReadsTheNumber() {
		CacheScope scope = new CacheScope("products", null);
		Generations a = generations("g2:", Duration.ZERO);
		Generations b = generations("g2:", Duration.ZERO);
		long gets = server.stat("cmd_get");
		Generations.Pair before = b.current(scope);
		a.bump(CacheScope.allTenants("products"));
		assertThat(b.current(scope).allTenants()).isEqualTo(before.allTenants() + 1);
		// memcached counts each key of a get: two per call, no get in the bump
		assertThat(server.stat("cmd_get") - gets).as("one get of the two counters per call").isEqualTo(4);
	}

	@Test
	void aLostCounterRestartsAboveEveryNumberItHeld() {
		CacheScope scope = new CacheScope("rates", null);
		Generations generations = generations("g3:", Duration.ZERO);
		long first = generations.current(scope).scope();
		server.restart();
		awaitConnected();
		this.nanos.set(0);
		assertThat(generations.current(scope).scope()).isGreaterThan(first);
	}

	@Test
	void ttlsOverThirtyDaysAreSentAsAUnixTime() {
		Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
		MemcachedCommands commands = new MemcachedCommands(client, Duration.ofMillis(250), clock);
		assertThat(commands.expiry(Duration.ZERO)).isZero();
		assertThat(commands.expiry(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(commands.expiry(Duration.ofMillis(1500))).isEqualTo(2);
		assertThat(commands.expiry(Duration.ofDays(30))).isEqualTo(30 * 86400);
		assertThat(commands.expiry(Duration.ofDays(30).plusSeconds(1)))
			.isEqualTo((int) (clock.instant().getEpochSecond() + 30 * 86400 + 1));
	}

	private Generations generations(String prefix, Duration refresh) {
		// every instance starts a missing counter from a different "now": the first one written wins
		MemcachedCommands commands = new MemcachedCommands(client, Duration.ofSeconds(1), Clock.systemUTC());
		return new Generations(commands, new MemcachedKeys(prefix), refresh, this.ticker, System::currentTimeMillis);
	}

	private static void awaitConnected() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				client.get("probe", 500);
				return;
			}
			catch (Exception ex) {
				Thread.onSpinWait();
			}
		}
		throw new AssertionError("the client did not reconnect within 20 s");
	}

}

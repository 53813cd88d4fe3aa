package dev.cacheplatform.cache.redis;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheplatform.autoconfigure.CachePlatformAutoConfiguration;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.CacheFaultCounters.Kind;
import dev.cacheplatform.cache.config.CachePlatformCacheAutoConfiguration;
import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TestCodecs;
import dev.cacheplatform.codec.TypeAllowList;
import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.cache.fault.CacheFaultPolicy;
import dev.cacheplatform.connection.CachePlatformRedisAutoConfiguration;
import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad entry planted in a real Redis, read through real {@code @Cacheable} methods: the
 * method runs, its value replaces the entry, the entry is counted by reason and logged at a bounded
 * rate, and nothing reaches the circuit breaker.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadEntriesTests {

	private static final int MIB = 1024 * 1024;

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachePlatformRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CachePlatformCacheAutoConfiguration.class,
				CacheAutoConfiguration.class, CachePlatformAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withInitializer(EnvironmentVariablesInitializer.of("REDIS_URL", server.url()))
		.withPropertyValues("cache-platform.cache.serialization.allowed-packages=dev.cacheplatform.cache",
				"cache-platform.cache.breaker.log-interval=1h",
				// Generous timeouts: these tests are about entries, and a loaded machine must not turn a read into an outage
				"cache-platform.redis.command-timeout=10s", "cache-platform.redis.connect-timeout=10s");

	@BeforeEach
	void emptyServer() {
		try (RespClient client = server.client(1)) {
			for (String key : server.keys(1)) {
				client.command("DEL", key);
			}
		}
	}

	@Test
	void productCopiedOntoARateKeyIsAMissAndTheRateReplacesIt() {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			service.product("MON-27");
			try (RespClient client = server.client(1)) {
				client.command("COPY", "products::MON-27", "rates::EUR-USD", "REPLACE");
				assertThat(service.rate("EUR-USD")).isEqualTo(new ExchangeRate("EUR-USD", new BigDecimal("1.09")));
				assertThat(service.rate("EUR-USD")).isEqualTo(new ExchangeRate("EUR-USD", new BigDecimal("1.09")));
				assertThat(service.rateLoads()).hasValue(1);
				assertThat(counters(context).count(UnreadableReason.WRONG_TYPE, "rates")).isOne();
				assertThat(counters(context).count(Kind.GET_FAILED)).isZero();
			}
		});
	}

	@Test
	void jdkSerializedStringAndHashSetOnARateKeyAreMissesAlsoForSynchronizedMethods() {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			plant("rates::A", jdk("EUR-USD 1.09"));
			plant("rates::B", jdk(new HashSet<>(List.of("EUR", "USD"))));
			plant("rates-sync::C", jdk("EUR-USD 1.09"));
			assertThat(service.rate("A").pair()).isEqualTo("A");
			assertThat(service.rate("B").pair()).isEqualTo("B");
			assertThat(service.rateSync("C").pair()).isEqualTo("C");
			assertThat(service.rateSync("C").pair()).isEqualTo("C");
			assertThat(service.rateLoads()).hasValue(3);
			assertThat(counters(context).count(UnreadableReason.WRONG_TYPE)).isEqualTo(3);
		});
	}

	@Test
	void optionalAndFutureMethodsCheckTheTypeTheyWrap() {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			service.product("P");
			try (RespClient client = server.client(1)) {
				client.command("COPY", "products::P", "rates-optional::P", "REPLACE");
				client.command("COPY", "products::P", "rates-async::P", "REPLACE");
			}
			assertThat(service.rateOptional("P")).hasValueSatisfying((rate) -> assertThat(rate.pair()).isEqualTo("P"));
			assertThat(service.rateAsync("P").join().pair()).isEqualTo("P");
			assertThat(service.rateAsync("P").join().pair()).isEqualTo("P");
			assertThat(service.rateLoads()).hasValue(2);
			assertThat(counters(context).count(UnreadableReason.WRONG_TYPE)).isEqualTo(2);
		});
	}

	@Test
	void twoMethodsSharingACacheAndKeyNeverSeeEachOthersTypeInEveryDriver() {
		for (String driver : List.of("redis", "memory")) {
			this.runner.withPropertyValues("cache-platform.cache.driver=" + driver).run((context) -> {
				MarketService service = context.getBean(MarketService.class);
				service.sharedProduct("X");
				assertThat(service.sharedRate("X").pair()).as(driver).isEqualTo("X");
				assertThat(service.sharedProduct("X").id()).as(driver).isEqualTo("X");
				assertThat(counters(context).count(UnreadableReason.WRONG_TYPE, "shared")).as(driver).isEqualTo(2);
			});
		}
	}

	@Test
	void compressedEntryDeclaringMoreThanTheLimitIsAMissAndNeverInflated() {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			// A valid LZ4 entry of 9 MiB: 37 KB stored, over the default limit of 8 MiB once inflated
			byte[] bomb = codec(Compression.LZ4).encode(new Product("BIG", "x".repeat(9 * MIB)));
			assertThat(bomb.length).isLessThan(64 * 1024);
			plant("products::BIG", bomb);
			assertThat(service.product("BIG").name()).isEqualTo("product BIG");
			// 109 bytes declaring 64 MiB
			plant("products::LIAR", lz4Envelope(64 * MIB, 100));
			assertThat(service.product("LIAR").name()).isEqualTo("product LIAR");
			// Under the limit, but more than 100 bytes of LZ4 can ever produce
			plant("products::LIAR2", lz4Envelope(4 * MIB, 100));
			assertThat(service.product("LIAR2").name()).isEqualTo("product LIAR2");
			assertThat(service.productLoads()).hasValue(3);
			assertThat(counters(context).count(UnreadableReason.TOO_LARGE, "products")).isEqualTo(2);
			assertThat(counters(context).count(UnreadableReason.CORRUPT, "products")).isOne();
			try (RespClient client = server.client(1)) {
				assertThat(client.getBytes("products::BIG")).hasSizeLessThan(1024);
			}
		});
	}

	@Test
	void hugeValidEntriesAreMissesThatTheBreakerNeverJudges() {
		this.runner
			.withPropertyValues("cache-platform.cache.serialization.max-value-size=64KB",
					"cache-platform.cache.breaker.slow-call-threshold=1ns",
					"cache-platform.cache.breaker.minimum-calls=2", "cache-platform.cache.breaker.sliding-window-size=2")
			.run((context) -> {
				MarketService service = context.getBean(MarketService.class);
				byte[] huge = codec(Compression.NONE).encode(new Product("R", "x".repeat(100 * 1024)));
				for (int i = 0; i < 10; i++) {
					plant("reports::R", huge);
					assertThat(service.report("R").name()).isEqualTo("product R");
				}
				assertThat(service.reportLoads()).hasValue(10);
				assertThat(counters(context).count(UnreadableReason.TOO_LARGE, "reports")).isEqualTo(10);
				assertThat(counters(context).count(Kind.GET_FAILED)).isZero();
				assertThat(context.getBean(CacheFaultPolicy.class).state()).isEqualTo(CircuitBreaker.State.CLOSED);
			});
	}

	@Test
	void aPlantedValueOfAnySizeMovesAtMostTheLimitFromRedis() {
		this.runner.withPropertyValues("cache-platform.cache.serialization.max-value-size=64KB").run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			byte[] planted = new byte[16 * MIB];
			java.util.Arrays.fill(planted, (byte) 'x');
			plant("reports::R", planted);
			long before = netOutputBytes();
			assertThat(service.report("R").name()).isEqualTo("product R");
			long sent = netOutputBytes() - before;
			assertThat(sent).as("bytes Redis sent for the read, the delete and the new value")
				.isLessThan(128 * 1024);
			assertThat(counters(context).count(UnreadableReason.TOO_LARGE, "reports")).isOne();
			assertThat(server.commandStats()).containsKey("getrange");
		});
	}

	@Test
	void aValueLargerThanTheFirstReadComesBackWholeInThreeCommands() {
		this.runner.run((context) -> {
			org.springframework.cache.Cache cache = context.getBean(org.springframework.cache.CacheManager.class)
				.getCache("reports");
			StringBuilder name = new StringBuilder();
			java.util.Random random = new java.util.Random(42);
			while (name.length() < 600 * 1024) {
				name.append((char) ('a' + random.nextInt(26)));
			}
			Product large = new Product("L", name.toString());
			cache.put("L", large);
			server.resetStats();
			assertThat(cache.get("L", Product.class)).isEqualTo(large);
			assertThat(server.commandStats()).containsEntry("getrange", 2L).containsEntry("strlen", 1L);
		});
	}

	private static long netOutputBytes() {
		try (RespClient client = server.client()) {
			return client.info("stats")
				.lines()
				.filter((line) -> line.startsWith("total_net_output_bytes:"))
				.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
				.findFirst()
				.orElseThrow();
		}
	}

	@Test
	void valueOverTheLimitIsReturnedUncached() {
		this.runner.withPropertyValues("cache-platform.cache.serialization.max-value-size=64KB").run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			assertThat(service.longProduct("L").name()).hasSize(100 * 1024);
			assertThat(server.keys(1)).doesNotContain("products::L");
			assertThat(counters(context).count(Kind.NOT_STORABLE, "products")).isOne();
		});
	}

	// The timeout only stops the run before the fix, when depth 24 alone took minutes; nothing is timed
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void nestedHashSetBombsAreRefusedBeforeTheirHashingExplodes() {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			List<Integer> depths = List.of(12, 16, 19, 24, 32, 40);
			for (int depth : depths) {
				plant("tags::" + depth, jdk(nestedSets(depth)));
				assertThat(service.tags(String.valueOf(depth))).containsExactly("tag-" + depth);
			}
			assertThat(service.tagLoads()).hasValue(depths.size());
			assertThat(counters(context).count(UnreadableReason.TOO_COMPLEX, "tags")).isEqualTo(depths.size());
		});
	}

	@Test
	void everyKindOfBadEntryIsCountedAndLoggedOncePerCacheAndReason(CapturedOutput output) {
		this.runner.run((context) -> {
			MarketService service = context.getBean(MarketService.class);
			List<Bad> bad = List.of(new Bad(UnreadableReason.NOT_AN_ENTRY, "garbage".getBytes(StandardCharsets.UTF_8)),
					new Bad(UnreadableReason.TRUNCATED, new byte[] { (byte) 0xCC, 0x50, 1, 1, 0, 0 }),
					new Bad(UnreadableReason.TRUNCATED, new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 0x73 }),
					new Bad(UnreadableReason.UNSUPPORTED_HEADER, new byte[] { (byte) 0xCC, 0x50, 9, 1, 0, 0, 0 }),
					new Bad(UnreadableReason.UNSUPPORTED_HEADER, new byte[] { (byte) 0xCC, 0x50, 1, 7, 0, 0, 0 }),
					new Bad(UnreadableReason.UNSUPPORTED_HEADER, new byte[] { (byte) 0xCC, 0x50, 1, 2, 9, 0, 0 }),
					new Bad(UnreadableReason.CORRUPT, new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 0x11, 0x22 }),
					new Bad(UnreadableReason.REFUSED_TYPE, jdk(new File("/etc/passwd"))),
					new Bad(UnreadableReason.INCOMPATIBLE, TestCodecs.jsonEnvelope("dev.cacheplatform.cache.Gone", "{}")));
			int key = 0;
			for (Bad entry : bad) {
				for (int i = 0; i < 3; i++) {
					plant("products::" + key, entry.bytes());
					assertThat(service.product(String.valueOf(key)).id()).isEqualTo(String.valueOf(key));
					key++;
				}
			}
			assertThat(service.productLoads()).hasValue(key);
			for (Bad entry : bad) {
				long expected = 3 * bad.stream().filter((other) -> other.reason() == entry.reason()).count();
				assertThat(counters(context).count(entry.reason(), "products")).as(entry.reason().name())
					.isEqualTo(expected);
				assertThat(output.getAll().lines().filter((line) -> line.contains(" WARN ")
						&& line.contains(entry.reason() + " entry in cache 'products', answered as a miss and deleted")))
					.as(entry.reason().name())
					.hasSize(1);
			}
			assertThat(counters(context).count(Kind.UNREADABLE, "products")).isEqualTo(key);
			assertThat(server.keys(1)).hasSize(key);
			assertThat(output.getAll()).doesNotContain("/etc/passwd");
		});
	}

	private static CacheFaultCounters counters(AssertableApplicationContext context) {
		return context.getBean(CacheFaultCounters.class);
	}

	private static EnvelopeCodec codec(Compression compression) {
		return new EnvelopeCodec(TypeAllowList.of(List.of("dev.cacheplatform.cache")), Format.JSON, compression, 0,
				64 * MIB, (warning) -> {
				});
	}

	/** A JDK-format envelope whose LZ4 payload is {@code length} bytes of nothing useful, declaring {@code declared}. */
	private static byte[] lz4Envelope(int declared, int length) {
		return ByteBuffer.allocate(9 + length)
			.put(new byte[] { (byte) 0xCC, 0x50, 1, 2, 1 })
			.putInt(declared)
			.put(new byte[length])
			.array();
	}

	private static void plant(String key, byte[] value) {
		try (RespClient client = server.client(1)) {
			client.commandBinary(bytes("SET"), bytes(key), value);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Stock Spring Data Redis's JDK serializer writes exactly this. */
	private static byte[] jdk(Serializable value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The classic deserialization CPU bomb: two sets per level, each holding both sets of the next, so
	 * hashing the root visits 2^depth sets though the stream holds only about 3 per level.
	 */
	private static HashSet<Object> nestedSets(int depth) {
		HashSet<Object> root = new HashSet<>();
		Set<Object> first = root;
		Set<Object> second = new HashSet<>();
		for (int i = 0; i < depth; i++) {
			Set<Object> nextFirst = new HashSet<>();
			Set<Object> nextSecond = new HashSet<>();
			nextFirst.add("level");
			first.add(nextFirst);
			first.add(nextSecond);
			second.add(nextFirst);
			second.add(nextSecond);
			first = nextFirst;
			second = nextSecond;
		}
		return root;
	}

	record Bad(UnreadableReason reason, byte[] bytes) {
	}

	/**
	 * A cached value.
	 * @param id the id
	 * @param name the name
	 */
	public record Product(String id, String name) {
	}

	/**
	 * Another cached value.
	 * @param pair the currency pair
	 * @param rate the rate
	 */
	public record ExchangeRate(String pair, BigDecimal rate) {
	}

	/** Cached methods of several return types, counting how often each really runs. */
	public static class MarketService {

		final AtomicInteger productLoads = new AtomicInteger();

		final AtomicInteger rateLoads = new AtomicInteger();

		final AtomicInteger tagLoads = new AtomicInteger();

		final AtomicInteger reportLoads = new AtomicInteger();

		// Accessors, not fields: the caching proxy's own fields are never set

		public AtomicInteger productLoads() {
			return this.productLoads;
		}

		public AtomicInteger rateLoads() {
			return this.rateLoads;
		}

		public AtomicInteger tagLoads() {
			return this.tagLoads;
		}

		public AtomicInteger reportLoads() {
			return this.reportLoads;
		}

		@Cacheable("products")
		public Product product(String id) {
			this.productLoads.incrementAndGet();
			return new Product(id, "product " + id);
		}

		@Cacheable("products")
		public Product longProduct(String id) {
			return new Product(id, "x".repeat(100 * 1024));
		}

		@Cacheable("rates")
		public ExchangeRate rate(String pair) {
			this.rateLoads.incrementAndGet();
			return new ExchangeRate(pair, new BigDecimal("1.09"));
		}

		@Cacheable(cacheNames = "rates-sync", sync = true)
		public ExchangeRate rateSync(String pair) {
			this.rateLoads.incrementAndGet();
			return new ExchangeRate(pair, new BigDecimal("1.09"));
		}

		@Cacheable("rates-optional")
		public Optional<ExchangeRate> rateOptional(String pair) {
			this.rateLoads.incrementAndGet();
			return Optional.of(new ExchangeRate(pair, new BigDecimal("1.09")));
		}

		@Cacheable("rates-async")
		public CompletableFuture<ExchangeRate> rateAsync(String pair) {
			this.rateLoads.incrementAndGet();
			return CompletableFuture.completedFuture(new ExchangeRate(pair, new BigDecimal("1.09")));
		}

		@Cacheable("tags")
		public Set<String> tags(String id) {
			this.tagLoads.incrementAndGet();
			return Set.of("tag-" + id);
		}

		@Cacheable(cacheNames = "reports", unless = "true")
		public Product report(String id) {
			this.reportLoads.incrementAndGet();
			return new Product(id, "product " + id);
		}

		@Cacheable("shared")
		public Product sharedProduct(String id) {
			return new Product(id, "product " + id);
		}

		@Cacheable("shared")
		public ExchangeRate sharedRate(String pair) {
			return new ExchangeRate(pair, BigDecimal.ONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		MarketService marketService() {
			return new MarketService();
		}

	}

}

package dev.cacheplatform.cache.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.cache.values.shop.Category;
import dev.cacheplatform.cache.values.shop.Product;
import dev.cacheplatform.cache.values.shop.ShopApplication;
import dev.cacheplatform.cache.values.shop.ShopService;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.testsupport.RedisServer;
import dev.cacheplatform.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What a JPA application caches comes back from a real Redis equal field by field to what its method
 * returned: each cached method is called twice, the second call is answered by a single GET (no SET,
 * no DEL), the method ran once, and the value compares equal by its fields, class by class (a
 * recursive comparison with strict type checking, never {@code equals}).
 */
class CachedValuesComeBackExactlyTests {

	@AutoClose
	static final RedisServer server = RedisServer.builder().start();

	/** Which format the envelope's format byte records, per value, for the report. */
	private static final Map<String, String> formats = new TreeMap<>();

	private static ConfigurableApplicationContext shop;

	@BeforeAll
	static void startShop() {
		shop = ShopApplication.start(Map.of("REDIS_URL", server.url(), "SESSION_STORE", "none"));
	}

	@AfterAll
	static void stopShop() {
		shop.close();
		StringBuilder report = new StringBuilder("Stored formats of the shop's cached values:");
		formats.forEach((value, format) -> report.append(System.lineSeparator()).append("  ").append(format)
			.append("  ").append(value));
		System.out.println(report);
	}

	static Stream<Arguments> cachedMethods() {
		return Stream.of(
				cached("product", "entity, eager PersistentSet, lazy PersistentBag", (shop) -> shop.product(1)),
				cached("products", "list of entities", ShopService::products),
				cached("productPage", "Page of entities with PageRequest and Sort", (shop) -> shop.productPage(0)),
				cached("categoryPage", "Page with a descending Sort", (shop) -> shop.categoryPage(Category.COFFEE)),
				cached("productSlice", "Slice with a multi-order, ignore-case Sort",
						(shop) -> shop.productSlice(Category.COFFEE)),
				cached("order", "Serializable entity with cycles, lazy PersistentBag and PersistentSet",
						(shop) -> shop.order(1)),
				cached("summary", "record", (shop) -> shop.summary(2)),
				cached("optionalSummary", "Optional of a record", (shop) -> shop.optionalSummary(3)),
				cached("noSummary", "empty Optional", (shop) -> shop.noSummary(3)),
				cached("summaries", "List.of records", ShopService::summaries),
				cached("summaryArray", "array of records", ShopService::summaryArray),
				cached("summariesByCategory", "EnumMap of lists of records", ShopService::summariesByCategory),
				cached("pricesByName", "LinkedHashMap of BigDecimal", ShopService::pricesByName),
				cached("categories", "EnumSet", ShopService::categories),
				cached("tagSets", "TreeMap of Set.of", ShopService::tagSets),
				cached("shelf", "record holding arrays", (shop) -> shop.shelf("front")),
				cached("skus", "ArrayList of UUID", ShopService::skus), cached("sku", "UUID", (shop) -> shop.sku(1)),
				cached("price", "BigDecimal", (shop) -> shop.price(1)),
				cached("category", "enum", (shop) -> shop.category(4)),
				cached("listedAt", "Instant", (shop) -> shop.listedAt(1)),
				cached("placedAt", "OffsetDateTime", (shop) -> shop.placedAt(1)),
				cached("orderedOn", "LocalDate", (shop) -> shop.orderedOn(1)),
				cached("nextDelivery", "ZonedDateTime", (shop) -> shop.nextDelivery("Paris")),
				cached("deliveryWindow", "Duration", (shop) -> shop.deliveryWindow("Paris")),
				cached("money", "Serializable without a default constructor", (shop) -> shop.money("EUR")),
				cached("discount", "Serializable whose constructor converts its argument", (shop) -> shop.discount(15)));
	}

	private static Arguments cached(String cacheName, String description, Function<ShopService, Object> call) {
		return arguments(cacheName, description, call);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("cachedMethods")
	void secondCallIsOneGetReturningAValueEqualFieldByField(String cacheName, String description,
			Function<ShopService, Object> call) {
		ShopService service = shop.getBean(ShopService.class);
		int loadsBefore = service.loads(cacheName);
		Object first = call.apply(service);
		formats.put(description + " (" + first.getClass().getName() + ")", storedFormat(cacheName));
		server.resetStats();
		Object second = call.apply(service);
		Map<String, Long> commands = server.commandStats();
		assertThat(service.loads(cacheName) - loadsBefore).as("method runs").isOne();
		assertThat(second).usingRecursiveComparison().isEqualTo(first);
		if (first instanceof Collection<?> || first instanceof Map<?, ?>) {
			// A JDK collection may come back as another of its kind (List.of(..) as an ArrayList)
			assertThat(second).isInstanceOf((first instanceof List<?>) ? List.class
					: (first instanceof Set<?>) ? Set.class : Map.class);
		}
		else {
			assertThat(second).hasSameClassAs(first);
		}
		assertThat(commands).containsEntry("getrange", 1L);
		assertThat(commands.keySet()).isSubsetOf("getrange", "config|resetstat", "info", "auth", "ping", "hello",
				"client|setinfo", "select");
		assertThat(shop.getBean(CacheFaultCounters.class).count(CacheFaultCounters.Kind.NOT_STORABLE, cacheName))
			.isZero();
	}

	@Test
	void entityJsonHoldsFieldsNotGettersAndIgnoresPropertiesTheClassNoLongerHas() {
		ShopService service = shop.getBean(ShopService.class);
		int loadsBefore = service.loads("product");
		Product first = service.product(4);
		String json;
		try (RespClient client = server.client(1)) {
			byte[] stored = client.getBytes("product::4");
			assertThat(stored).isNotNull();
			assertThat(stored[3]).as("format").isEqualTo((byte) 3);
			assertThat(stored[4]).as("compression: a Zstandard magicless frame against the dictionary").isEqualTo((byte) 4);
			int payloadStart = 7 + (((stored[5] & 0xFF) << 8) | (stored[6] & 0xFF));
			json = new String(unzstd(stored, payloadStart), StandardCharsets.UTF_8);
			// Fields, including the ones behind getters that return copies; never derived getters
			assertThat(json).contains("\"tags\"", "\"reviews\"", "\"listedAt\"", "\"sku\"")
				.doesNotContain("\"new\"", "\"priceWithTax\"");
			// What an older or newer version of the class wrote: a property this one does not have
			String withExtra = json.substring(0, json.lastIndexOf('}')) + ",\"legacyCode\":\"X-1\"}";
			byte[] header = Arrays.copyOf(stored, payloadStart);
			// Stored back uncompressed, which any version reads too
			header[4] = 0;
			byte[] changed = ByteBuffer.allocate(payloadStart + withExtra.length())
				.put(header)
				.put(withExtra.getBytes(StandardCharsets.UTF_8))
				.array();
			client.commandBinary("SET".getBytes(StandardCharsets.UTF_8), "product::4".getBytes(StandardCharsets.UTF_8),
					changed);
		}
		Product second = service.product(4);
		assertThat(service.loads("product") - loadsBefore).isOne();
		assertThat(second).usingRecursiveComparison().isEqualTo(first);
		assertThat(second.getTags()).containsExactly("medium roast");
		assertThat(second.getReviews()).containsExactly("Chocolatey", "Smooth", "Great value");
		assertThat(second.isNew()).isFalse();
	}

	private static byte[] unzstd(byte[] stored, int from) {
		int length = (int) Zstd.getFrameContentSize(stored, from, stored.length - from, true);
		try (ZstdDecompressCtx context = new ZstdDecompressCtx().setMagicless(true).loadDict(dictionary())) {
			byte[] raw = new byte[length];
			assertThat(context.decompressByteArray(raw, 0, length, stored, from, stored.length - from)).isEqualTo(length);
			return raw;
		}
	}

	/** The codec's bundled dictionary, which compression id 4 refers to. */
	private static byte[] dictionary() {
		try (InputStream in = EnvelopeCodec.class.getResourceAsStream("zstd-dictionary-1.bin")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String storedFormat(String cacheName) {
		List<String> keys = server.keys(1).stream().filter((key) -> key.startsWith(cacheName + "::")).toList();
		assertThat(keys).as("keys of cache " + cacheName).isNotEmpty();
		try (RespClient client = server.client(1)) {
			byte[] stored = client.getBytes(keys.get(0));
			assertThat(stored).isNotNull();
			if (stored[0] == (byte) 0xAC) {
				// Spring's cache unwraps Optional, and Spring Data Redis writes its cached-null marker itself
				return "JDK bytes of Spring's cached null";
			}
			return switch (stored[3]) {
				case 1, 3 -> "JSON";
				case 2 -> "JDK ";
				default -> "?" + stored[3];
			};
		}
	}

}

package dev.cacheplatform.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import dev.cacheplatform.codec.fixtures.Box;
import dev.cacheplatform.codec.fixtures.Category;
import dev.cacheplatform.codec.fixtures.Customer;
import dev.cacheplatform.codec.fixtures.Order;
import dev.cacheplatform.codec.fixtures.OrderLine;
import dev.cacheplatform.codec.fixtures.Product;
import dev.cacheplatform.codec.fixtures.Shipment;
import dev.cacheplatform.codec.fixtures.Status;
import dev.cacheplatform.codec.fixtures.Temperature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cache.support.NullValue;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

import static dev.cacheplatform.codec.TestCodecs.product;
import static org.assertj.core.api.Assertions.assertThat;

/** A hit returns a value equal field by field to the one the miss stored. */
class EnvelopeCodecRoundTripTests {

	private final TestCodecs codecs = TestCodecs.json();

	@ParameterizedTest
	@MethodSource("values")
	void valuesComeBackEqualFieldByField(Object value) {
		byte[] envelope = this.codecs.codec.encode(value);
		Object decoded = this.codecs.codec.decode(envelope);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(value);
		assertThat(decoded).isEqualTo(value);
		if (TestCodecs.formatOf(envelope) == Format.JDK.id()) {
			System.out.println("Stored with JDK serialization: " + value.getClass().getName());
		}
	}

	@ParameterizedTest
	@MethodSource("valuesWithArrays")
	void valuesHoldingArraysComeBackEqualFieldByField(Object value) {
		// Records compare arrays by identity, so only the recursive comparison applies
		Object decoded = this.codecs.roundTrip(value);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(value);
	}

	@ParameterizedTest
	@MethodSource("typicalValues")
	void typicalValuesAreStoredAsJson(Object value) {
		assertThat(TestCodecs.formatOf(this.codecs.codec.encode(value))).isEqualTo(Format.JSON.id());
		assertThat(this.codecs.warnings).isEmpty();
	}

	static Stream<Object> typicalValues() {
		Product product = product();
		return Stream.of(product, order(), new ArrayList<>(List.of(product)), List.of(product), Optional.of(product),
				new HashSet<>(Set.of(product)), Map.of("p", product), mixedMap(), Status.ACTIVE, new BigDecimal("1.50"),
				new Customer(1L, "Ada", Set.of("admin")));
	}

	static Stream<Object> values() {
		Product product = product();
		Product other = new Product(7, "Mug", new BigDecimal("12.00"), List.of(), Instant.EPOCH);
		EnumMap<Status, Product> byStatus = new EnumMap<>(Status.class);
		byStatus.put(Status.RETIRED, product);
		return Stream.of(product, Status.ACTIVE, LocalDate.of(2024, 2, 29), Instant.ofEpochSecond(1, 123456789),
				ZonedDateTime.of(2025, 3, 30, 3, 30, 0, 5, ZoneId.of("Europe/Paris")),
				ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")),
				OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-3)), Duration.ofMillis(90_061_001),
				Optional.of(product), Optional.empty(), UUID.randomUUID(), new BigDecimal("1.50"),
				new BigDecimal("1E+3"), "text", 42L, new ArrayList<>(List.of(product, other)),
				new LinkedList<>(List.of(product)), List.of(product, other), Stream.of(product, other).toList(),
				Arrays.asList(product, other), Collections.emptyList(), Collections.singletonList(product),
				Collections.unmodifiableList(new ArrayList<>(List.of(product))), new HashSet<>(Set.of(product, other)),
				Set.of(product, other), new TreeSet<>(Set.of("b", "a")), new LinkedHashMap<>(Map.of("p", product)),
				new TreeMap<>(Map.of("b", other, "a", product)), Map.of("p", product, "o", other), mixedMap(),
				EnumSet.of(Status.ACTIVE), byStatus, new Box(product), new Box(List.of(1L, 2L)), new Box(Status.RETIRED),
				new Box(null));
	}

	static Stream<Object> valuesWithArrays() {
		Product product = product();
		return Stream.of(order(), new int[] { 1, 2, 3 }, new String[] { "a", null, "c" },
				new Product[] { product, product }, new Box(new long[] { 4, 5 }), new Box(new Product[] { product }));
	}

	static Map<String, Object> mixedMap() {
		Map<String, Object> mixed = new LinkedHashMap<>();
		mixed.put("int", 1);
		mixed.put("long", 2L);
		mixed.put("double", 3.5);
		mixed.put("float", 4.5f);
		mixed.put("short", (short) 5);
		mixed.put("text", "six");
		mixed.put("flag", true);
		mixed.put("amount", new BigDecimal("7.70"));
		mixed.put("day", LocalDate.of(2025, 1, 31));
		mixed.put("id", UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2"));
		mixed.put("status", Status.RETIRED);
		mixed.put("product", product());
		mixed.put("products", new ArrayList<>(List.of(product(), product())));
		mixed.put("nested", new HashMap<>(Map.of("k", 8L)));
		mixed.put("nothing", null);
		return mixed;
	}

	static Order order() {
		Product product = product();
		return new Order(UUID.fromString("00000000-0000-0000-0000-000000000001"), Status.ACTIVE,
				LocalDate.of(2025, 6, 1), ZonedDateTime.of(2025, 6, 1, 10, 15, 0, 0, ZoneId.of("America/New_York")),
				Duration.ofMinutes(95), Optional.of("leave at the door"),
				List.of(new OrderLine(product, 2, new int[] { 7, 8 })), Set.of(product), Map.of("EC-1", product),
				new String[] { "gift" });
	}

	@Test
	void entityLikeClassRoundTripsThroughItsFieldsNotItsGetters() {
		Customer customer = new Customer(5L, "Ada", Set.of("admin", "buyer", "auditor"));
		byte[] envelope = this.codecs.codec.encode(customer);
		String json = new String(envelope, StandardCharsets.UTF_8);
		assertThat(json).contains("\"roles\"").doesNotContain("\"new\"");
		Customer decoded = (Customer) this.codecs.codec.decode(envelope);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(customer);
		assertThat(decoded.getRoles()).containsExactly("admin", "auditor", "buyer");
		assertThat(decoded.isNew()).isFalse();
		assertThat(TestCodecs.formatOf(envelope)).isEqualTo(Format.JSON.id());
	}

	@Test
	void serializableClassJsonCannotRebuildFallsBackToJdkWithOneWarning() {
		Temperature temperature = new Temperature(21.5);
		byte[] first = this.codecs.codec.encode(temperature);
		byte[] second = this.codecs.codec.encode(new Temperature(-4));
		assertThat(TestCodecs.formatOf(first)).isEqualTo(Format.JDK.id());
		assertThat(TestCodecs.formatOf(second)).isEqualTo(Format.JDK.id());
		assertThat(this.codecs.codec.decode(first)).usingRecursiveComparison().isEqualTo(temperature);
		assertThat(this.codecs.codec.decode(first)).isEqualTo(temperature);
		assertThat(this.codecs.codec.decode(second)).isEqualTo(new Temperature(-4));
		assertThat(this.codecs.warnings).singleElement()
			.asString()
			.contains("Cache values of type " + Temperature.class.getName()
					+ " are stored with JDK serialization because JSON could not rebuild them faithfully");
	}

	@Test
	void cyclicGraphFallsBackToJdk() {
		Category root = new Category("root").add(new Category("a").add(new Category("a1"))).add(new Category("b"));
		byte[] envelope = this.codecs.codec.encode(root);
		assertThat(TestCodecs.formatOf(envelope)).isEqualTo(Format.JDK.id());
		Category decoded = (Category) this.codecs.codec.decode(envelope);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(root);
		assertThat(decoded.children().get(0).parent()).isSameAs(decoded);
		assertThat(this.codecs.warnings).singleElement().asString().contains(Category.class.getName());
	}

	@Test
	void springDataPagesAndSlicesAreStoredAsJsonAndComeBackWithTheirPageableAndSort() {
		Sort sort = Sort.by(Sort.Order.asc("name").ignoreCase(), Sort.Order.desc("price").nullsLast());
		Page<Product> page = new PageImpl<>(List.of(product(), product()), PageRequest.of(1, 20, sort), 100);
		Slice<Product> slice = new SliceImpl<>(List.of(product()), PageRequest.of(0, 1, sort), true);
		for (Object value : List.of(page, slice, new PageImpl<>(List.of(product())))) {
			byte[] envelope = this.codecs.codec.encode(value);
			assertThat(TestCodecs.formatOf(envelope)).isEqualTo(Format.JSON.id());
			Object decoded = this.codecs.codec.decode(envelope);
			assertThat(decoded).usingRecursiveComparison().isEqualTo(value);
			assertThat(decoded).isEqualTo(value);
			assertThat(((Slice<?>) decoded).getPageable()).isEqualTo(((Slice<?>) value).getPageable());
		}
		assertThat(this.codecs.warnings).isEmpty();
	}

	@Test
	void sqlTimestampKeepsItsNanosecondsAfterItsShapeWasVerifiedWithoutThem() {
		// The first value verifies the shape; later ones are written without a check, so the format must
		// not drop anything a later value holds
		Timestamp wholeMillis = Timestamp.from(Instant.parse("2026-02-03T09:41:00.123Z"));
		Timestamp nanos = Timestamp.from(Instant.parse("2026-02-03T09:41:00.123456789Z"));
		assertThat(TestCodecs.formatOf(this.codecs.codec.encode(new Shipment("DHL", wholeMillis))))
			.isEqualTo(Format.JSON.id());
		byte[] envelope = this.codecs.codec.encode(new Shipment("UPS", nanos));
		Shipment decoded = (Shipment) this.codecs.codec.decode(envelope);
		assertThat(decoded.getShippedAt()).isEqualTo(nanos);
		assertThat(decoded.getShippedAt().getNanos()).isEqualTo(123456789);
		assertThat(this.codecs.roundTrip(new Box(nanos))).isEqualTo(new Box(nanos));
		assertThat(this.codecs.roundTrip(nanos)).isEqualTo(nanos);
	}

	@Test
	void cachedNullHasATinyEnvelope() {
		byte[] envelope = this.codecs.codec.encode(NullValue.INSTANCE);
		assertThat(envelope).containsExactly(0xCC, 0x50, 1, 0);
		assertThat(this.codecs.codec.decode(envelope)).isSameAs(NullValue.INSTANCE);
	}

	@Test
	void propertyTheClassNoLongerHasIsIgnored() {
		Product product = product();
		String json = "{\"id\":42,\"name\":\"Espresso cup\",\"discontinued\":{\"since\":[2024,1]},\"price\":1.50,"
				+ "\"tags\":[\"java.util.ImmutableCollections$ListN\",[\"kitchen\",\"coffee\"]],"
				+ "\"createdAt\":\"2025-03-14T09:26:53.589793238Z\",\"legacyCode\":\"X\"}";
		Object decoded = this.codecs.codec.decode(TestCodecs.jsonEnvelope(Product.class.getName(), json));
		assertThat(decoded).isEqualTo(product);
	}

	@Test
	void jdkPreferredRoundTripsSerializableValues() {
		TestCodecs jdk = TestCodecs.of(Format.JDK, Compression.NONE, 0);
		byte[] envelope = jdk.codec.encode(order().lines().get(0).product());
		assertThat(TestCodecs.formatOf(envelope)).isEqualTo(Format.JDK.id());
		assertThat(jdk.codec.decode(envelope)).isEqualTo(product());
	}

}

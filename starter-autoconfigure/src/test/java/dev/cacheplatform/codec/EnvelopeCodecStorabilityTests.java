package dev.cacheplatform.codec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.codec.fixtures.Box;
import dev.cacheplatform.codec.fixtures.Callback;
import dev.cacheplatform.codec.fixtures.Product;
import dev.cacheplatform.codec.fixtures.Reading;
import dev.cacheplatform.codec.fixtures.Temperature;
import dev.cacheplatform.codec.fixtures.Text;
import dev.cacheplatform.codec.fixtures.Worker;
import org.junit.jupiter.api.Test;

import static dev.cacheplatform.codec.TestCodecs.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which values cannot be stored, what the messages tell the developer, and how decisions evolve. */
class EnvelopeCodecStorabilityTests {

	/** Outside the tests' allow-list: this package is not {@code fixtures}. */
	record Outsider(String name) implements Serializable {
	}

	private final TestCodecs codecs = TestCodecs.json();

	@Test
	void classHoldingAThreadIsNotStorable() {
		assertNotStorable(new Worker(), Worker.class).withMessageContaining("java.lang.Thread")
			.withMessageContaining("not a cacheable value type")
			.withMessageNotContaining(TestCodecs.PROPERTY);
	}

	@Test
	void classHoldingALambdaIsNotStorable() {
		assertNotStorable(new Callback(), Callback.class).withMessageContaining("Lambda");
	}

	@Test
	void nonSerializableClassJsonCannotRebuildIsNotStorable() {
		assertNotStorable(new Reading(21), Reading.class).withMessageContaining("JSON cannot rebuild it faithfully")
			.withMessageContaining("not Serializable")
			.withMessageContaining("record");
	}

	@Test
	void typeOutsideTheAllowListIsNotStorableAndWarnedOnce() {
		assertNotStorable(new Outsider("a"), Outsider.class).withMessageContaining(TestCodecs.PROPERTY);
		assertNotStorable(new Outsider("b"), Outsider.class);
		assertThat(this.codecs.warnings).singleElement().asString().contains(Outsider.class.getName(), TestCodecs.PROPERTY);
	}

	@Test
	void typeOutsideTheAllowListInsideAnAllowedOneIsNotStorable() {
		assertNotStorable(new Box(new Outsider("a")), Box.class).withMessageContaining(Outsider.class.getName())
			.withMessageContaining(TestCodecs.PROPERTY);
		assertNotStorable(new ArrayList<>(List.of(new Outsider("a"))), ArrayList.class)
			.withMessageContaining(Outsider.class.getName())
			.withMessageContaining(TestCodecs.PROPERTY);
		Map<String, Object> map = new HashMap<>(Map.of("product", product(), "outsider", new Outsider("a")));
		assertNotStorable(map, HashMap.class).withMessageContaining(Outsider.class.getName());
	}

	@Test
	void jdkPreferredRefusesWhatIsNotSerializableOrNotAllowed() {
		TestCodecs jdk = TestCodecs.of(Format.JDK, Compression.NONE, 0);
		assertThatExceptionOfType(ValueNotStorableException.class).isThrownBy(() -> jdk.codec.encode(new Text("x")))
			.withMessageContaining(Text.class.getName())
			.withMessageContaining("not Serializable");
		assertThatExceptionOfType(ValueNotStorableException.class)
			.isThrownBy(() -> jdk.codec.encode(new HashMap<>(Map.of("k", new Outsider("a")))))
			.withMessageContaining(Outsider.class.getName())
			.withMessageContaining(TestCodecs.PROPERTY);
	}

	@Test
	void shapeThatFailsToReadBackMovesToJdk() {
		this.codecs.codec.encode(new ArrayList<>(List.of(product())));
		// Same shape as far as the codec can tell (a list starting with a Product), but JSON cannot rebuild it
		List<Object> mixed = new ArrayList<>(List.of(product(), new Temperature(3)));
		byte[] json = this.codecs.codec.encode(mixed);
		assertThat(TestCodecs.formatOf(json)).isEqualTo(Format.JSON.id());
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(json))
			.withMessageContaining(ArrayList.class.getName())
			.withMessageContaining("does not fit");
		byte[] healed = this.codecs.codec.encode(mixed);
		assertThat(TestCodecs.formatOf(healed)).isEqualTo(Format.JDK.id());
		assertThat(this.codecs.codec.decode(healed)).isEqualTo(mixed);
		assertThat(this.codecs.warnings).singleElement().asString().contains("from now on");
	}

	@Test
	void concurrentEncodersAgree() throws Exception {
		List<Object> values = List.of(product(), new Temperature(1), new ArrayList<>(List.of(product())),
				Map.of("p", product()), new Box(product()), new Text("t"));
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				futures.add(executor.submit(() -> {
					for (int round = 0; round < 200; round++) {
						for (Object value : values) {
							assertThat(this.codecs.roundTrip(value)).isEqualTo(value);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.codecs.warnings).singleElement().asString().contains(Temperature.class.getName());
	}

	private org.assertj.core.api.ThrowableAssertAlternative<ValueNotStorableException> assertNotStorable(Object value,
			Class<?> type) {
		return assertThatExceptionOfType(ValueNotStorableException.class)
			.isThrownBy(() -> this.codecs.codec.encode(value))
			.withMessageContaining(type.getName())
			.satisfies((ex) -> assertThat(ex.getValueType()).isEqualTo(type));
	}

}

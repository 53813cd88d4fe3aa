package dev.cacheplatform.codec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.cacheplatform.codec.evil.Tripwire;
import dev.cacheplatform.codec.fixtures.Box;
import dev.cacheplatform.codec.fixtures.Decoy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bytes planted in Redis never get a class outside the allow-list loaded, let alone instantiated: the
 * stand-in gadget trips a counter from its static initialiser, constructor and readObject.
 */
class EnvelopeCodecSecurityTests {

	private static final String GADGET = "dev.cacheplatform.codec.evil.Gadget";

	private final TestCodecs codecs = TestCodecs.json();

	@AfterEach
	void gadgetNeverRan() {
		assertThat(Tripwire.TRIGGERED).hasValue(0);
	}

	@Test
	void jsonRootTypeOutsideTheAllowListIsRefused() {
		assertRefused(TestCodecs.jsonEnvelope(GADGET, "{\"armed\":true}"));
	}

	@Test
	void jsonTypeIdOutsideTheAllowListIsRefused() {
		String json = "{\"content\":{\"@class\":\"" + GADGET + "\",\"armed\":true}}";
		assertRefused(TestCodecs.jsonEnvelope(Box.class.getName(), json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"java.util.ArrayList<" + GADGET + ">\",[{\"armed\":true}]]",
			"[\"java.util.EnumSet<" + GADGET + ">\",[]]", "[\"[L" + GADGET + ";\",[{\"armed\":true}]]",
			"{\"@class\":\"java.util.HashMap\",\"k\":{\"@class\":\"" + GADGET + "\"}}" })
	void typeIdsHidingTheGadgetInGenericsArraysOrMapsAreRefused(String content) {
		assertRefused(TestCodecs.jsonEnvelope(Box.class.getName(), "{\"content\":" + content + "}"));
	}

	@Test
	void jsonTypeIdOfAJdkGadgetIsRefused() {
		// A classic gadget-chain entry point: allowed only if the allow-list admitted javax.management
		String json = "{\"content\":{\"@class\":\"javax.management.BadAttributeValueExpException\"}}";
		assertRefused(TestCodecs.jsonEnvelope(Box.class.getName(), json));
	}

	@Test
	void stockJdkStreamOfAClassOutsideTheAllowListIsRefused() throws Exception {
		assertRefused(gadgetStream());
	}

	@Test
	void jdkEnvelopeOfAClassOutsideTheAllowListIsRefused() throws Exception {
		assertRefused(TestCodecs.jdkEnvelope(gadgetStream()));
	}

	@Test
	void gadgetNestedInAnAllowedJdkCollectionIsRefused() throws Exception {
		Map<String, Object> map = new HashMap<>(Map.of("product", TestCodecs.product(), "decoy", new Decoy()));
		byte[] stream = TestCodecs.renameClass(TestCodecs.javaSerialized(map), Decoy.class.getName(), GADGET);
		assertRefused(stream);
	}

	@Test
	void deeplyNestedJdkStreamIsRefusedByTheFilterLimits() throws Exception {
		Object nested = "bottom";
		for (int i = 0; i < 150; i++) {
			nested = List.of(nested);
		}
		byte[] stream = TestCodecs.javaSerialized(nested);
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(stream))
			.withMessageContaining("exceeds the limits");
	}

	@Test
	void refusalMessageNamesTheTypeAndTheSetting() {
		assertThatExceptionOfType(ValueUnreadableException.class)
			.isThrownBy(() -> this.codecs.codec.decode(TestCodecs.jsonEnvelope(Box.class.getName(),
					"{\"content\":{\"@class\":\"" + GADGET + "\"}}")))
			.withMessageContaining(Box.class.getName())
			.withMessageContaining(GADGET)
			.withMessageContaining(TestCodecs.PROPERTY);
	}

	@Test
	void refusedStoredTypeIsWarnedOnceNamingTheSettingHoweverOftenItIsRead() throws Exception {
		byte[] stock = gadgetStream();
		byte[] json = TestCodecs.jsonEnvelope(Box.class.getName(), "{\"content\":{\"@class\":\"" + GADGET + "\"}}");
		for (int i = 0; i < 5; i++) {
			assertRefused(stock);
			assertRefused(json);
			assertRefused(TestCodecs.jdkEnvelope(stock));
		}
		assertThat(this.codecs.warnings).singleElement()
			.asString()
			.contains(GADGET, TestCodecs.PROPERTY, "treated as cache misses");
	}

	@Test
	void plantedNamesCannotGrowTheWarningsWithoutBound() {
		for (int i = 0; i < 5000; i++) {
			assertRefused(TestCodecs.jsonEnvelope("com.attacker.Planted" + i, "{}"));
		}
		assertThat(this.codecs.warnings).hasSize(1000);
	}

	@Test
	void refusedNamesAreNeverEvenLoaded() throws Exception {
		ClassLoader original = Thread.currentThread().getContextClassLoader();
		RecordingClassLoader loader = new RecordingClassLoader(original);
		Thread.currentThread().setContextClassLoader(loader);
		EnvelopeCodec codec;
		try {
			codec = new EnvelopeCodec(TestCodecs.ALLOW_LIST, Format.JSON, Compression.NONE, 0, (warning) -> {
			});
		}
		finally {
			Thread.currentThread().setContextClassLoader(original);
		}
		List<byte[]> planted = List.of(TestCodecs.jsonEnvelope(GADGET, "{}"),
				TestCodecs.jsonEnvelope(Box.class.getName(), "{\"content\":{\"@class\":\"" + GADGET + "\"}}"),
				TestCodecs.jsonEnvelope(Box.class.getName(),
						"{\"content\":[\"java.util.ArrayList<" + GADGET + ">\",[]]}"),
				gadgetStream(), TestCodecs.jdkEnvelope(gadgetStream()));
		for (byte[] bytes : planted) {
			assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> codec.decode(bytes));
		}
		assertThat(loader.requested).as("the codec resolves classes through this loader").contains(Box.class.getName());
		assertThat(loader.requested).doesNotContain(GADGET);
	}

	private byte[] gadgetStream() throws Exception {
		// A Decoy renamed: exactly the stream a Gadget writes, without ever creating a Gadget here
		return TestCodecs.renameClass(TestCodecs.javaSerialized(new Decoy()), Decoy.class.getName(), GADGET);
	}

	/** Records the names it is asked to load. */
	private static final class RecordingClassLoader extends ClassLoader {

		final Set<String> requested = ConcurrentHashMap.newKeySet();

		RecordingClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			this.requested.add(name);
			return super.loadClass(name, resolve);
		}

	}

	private void assertRefused(byte[] bytes) {
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codecs.codec.decode(bytes))
			.withMessageContaining("allow-list");
	}

}

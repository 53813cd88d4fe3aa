package dev.cacheplatform.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Records are rebuilt through their canonical constructor, called directly: values come back equal, and a
 * constructor that refuses stored state still makes the entry unreadable (a miss), as before.
 */
class RecordCreatorTests {

	private final List<String> warnings = new ArrayList<>();

	private final EnvelopeCodec codec = new EnvelopeCodec(TypeAllowList.of(List.of(getClass().getPackageName())),
			Format.JSON, Compression.LZ4, 1024, this.warnings::add);

	@Test
	void recordComesBackThroughItsConstructor() {
		Percentage value = new Percentage("discount", 15);
		byte[] stored = this.codec.encode(value);
		int constructedBeforeDecode = Percentage.constructed;
		assertThat(this.codec.decode(stored)).isEqualTo(value);
		assertThat(Percentage.constructed).as("canonical constructor calls while decoding")
			.isEqualTo(constructedBeforeDecode + 1);
	}

	@Test
	void storedStateTheConstructorRefusesIsAnUnreadableEntry() {
		byte[] stored = this.codec.encode(new Percentage("discount", 15));
		String text = new String(stored, StandardCharsets.ISO_8859_1);
		assertThat(text).contains("\"value\":15");
		byte[] tampered = text.replace("\"value\":15", "\"value\":99915").getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(ValueUnreadableException.class).isThrownBy(() -> this.codec.decode(tampered));
	}

	record Percentage(String name, int value) {

		static int constructed;

		Percentage {
			if (value < 0 || value > 100) {
				throw new IllegalArgumentException("not a percentage: " + value);
			}
			constructed++;
		}

	}

}

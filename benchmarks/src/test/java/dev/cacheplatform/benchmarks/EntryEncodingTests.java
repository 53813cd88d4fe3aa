package dev.cacheplatform.benchmarks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every encoding {@link EntrySize} and {@link EntryCpuTime} measure reads back the value it wrote, so a
 * figure is never that of a decoder that skipped work or failed quietly.
 */
class EntryEncodingTests {

	@ParameterizedTest
	@EnumSource(EntryEncoding.class)
	void readsBackTheCatalogueItemItWrote(EntryEncoding encoding) {
		EntryEncoding.Codec codec = encoding.create();
		CatalogueItem item = CatalogueItem.sample();
		assertThat(codec.decode(codec.encode(item))).isEqualTo(item);
	}

}

package dev.cacheplatform.benchmarks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;
import net.jpountz.lz4.LZ4Factory;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.smile.SmileMapper;

import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The ways of storing a {@link CatalogueItem} that {@link EntrySize} compares. Each constant builds a
 * fresh, single-threaded {@link Codec}.
 * <p>
 * The {@code STOCK_*} rows are what Spring Data Redis writes; the {@code ENVELOPE_*} rows are Cache
 * Platform's {@link EnvelopeCodec}; the {@code PAYLOAD_*} rows are candidate formats measured without an
 * envelope: a Jackson 3 mapper set up like the codec's (fields, not getters; ISO-8601 instants; a class
 * name on every non-final value) writing JSON, Smile or CBOR, bare or compressed. Compare them with each
 * other: the envelope adds 5 bytes plus the root type name (2 + 42 bytes here) to any of them.
 */
public enum EntryEncoding {

	/** Spring Data Redis's default value serializer: JDK serialization. */
	STOCK_JDK {
		@Override
		Codec create() {
			RedisSerializer<Object> serializer = RedisSerializer.java(EntryEncoding.class.getClassLoader());
			return new Codec(serializer::serialize, serializer::deserialize);
		}
	},

	/** Spring Data Redis's Jackson 3 serializer with default typing, the usual JSON choice with Boot 4. */
	STOCK_JSON {
		@Override
		Codec create() {
			GenericJacksonJsonRedisSerializer serializer = GenericJacksonJsonRedisSerializer.builder()
				.enableUnsafeDefaultTyping()
				.build();
			return new Codec(serializer::serialize, serializer::deserialize);
		}
	},

	/** Cache Platform as auto-configured by default: Zstandard from 256 bytes. */
	ENVELOPE_DEFAULT {
		@Override
		Codec create() {
			return envelope(Compression.ZSTD, 256);
		}
	},

	/** Cache Platform without compression. */
	ENVELOPE_NONE {
		@Override
		Codec create() {
			return envelope(Compression.NONE, 0);
		}
	},

	/** Cache Platform, LZ4 for every value that it makes smaller. */
	ENVELOPE_LZ4 {
		@Override
		Codec create() {
			return envelope(Compression.LZ4, 0);
		}
	},

	/** Bare JSON from a mapper set up like the codec's. */
	PAYLOAD_JSON {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.NONE);
		}
	},

	/** The same JSON, LZ4 (fast compressor). */
	PAYLOAD_JSON_LZ4 {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.LZ4);
		}
	},

	/** The same JSON, Zstandard level 3 (magicless frame). */
	PAYLOAD_JSON_ZSTD {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.ZSTD);
		}
	},

	/** Smile (binary JSON), default features. */
	PAYLOAD_SMILE {
		@Override
		Codec create() {
			return payload(SmileMapper.builder(), Squeeze.NONE);
		}
	},

	/** Smile, Zstandard level 3. */
	PAYLOAD_SMILE_ZSTD {
		@Override
		Codec create() {
			return payload(SmileMapper.builder(), Squeeze.ZSTD);
		}
	},

	/** CBOR, default features. */
	PAYLOAD_CBOR {
		@Override
		Codec create() {
			return payload(CBORMapper.builder(), Squeeze.NONE);
		}
	},

	/** CBOR, Zstandard level 3. */
	PAYLOAD_CBOR_ZSTD {
		@Override
		Codec create() {
			return payload(CBORMapper.builder(), Squeeze.ZSTD);
		}
	};

	/** The allow-list of the envelope rows: this package (java.util, java.time and java.math are built in). */
	static final TypeAllowList ALLOW_LIST = TypeAllowList.of(List.of(EntryEncoding.class.getPackageName()));

	abstract Codec create();

	private static Codec envelope(Compression compression, int threshold) {
		EnvelopeCodec codec = new EnvelopeCodec(ALLOW_LIST, Format.JSON, compression, threshold,
				(warning) -> System.out.println("[codec warning] " + warning));
		return new Codec(codec::encode, codec::decode);
	}

	private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> Codec payload(B builder, Squeeze squeeze) {
		BasicPolymorphicTypeValidator validator = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(EntryEncoding.class.getPackageName() + ".")
			.allowIfSubType("java.")
			.build();
		M mapper = builder
			.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
				.withGetterVisibility(Visibility.NONE)
				.withIsGetterVisibility(Visibility.NONE))
			.enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.activateDefaultTyping(validator, DefaultTyping.NON_FINAL)
			.build();
		ObjectWriter writer = mapper.writerFor(Object.class);
		ObjectReader reader = mapper.readerFor(Object.class);
		return switch (squeeze) {
			case NONE -> new Codec(writer::writeValueAsBytes, reader::readValue);
			case LZ4 -> {
				var compressor = LZ4Factory.fastestInstance().fastCompressor();
				var decompressor = LZ4Factory.fastestInstance().fastDecompressor();
				yield new Codec((value) -> {
					byte[] raw = writer.writeValueAsBytes(value);
					byte[] compressed = compressor.compress(raw);
					// The raw length in front, as the envelope stores it
					byte[] stored = new byte[4 + compressed.length];
					java.nio.ByteBuffer.wrap(stored).putInt(raw.length).put(compressed);
					return stored;
				}, (bytes) -> {
					int length = java.nio.ByteBuffer.wrap(bytes).getInt();
					return reader.readValue(decompressor.decompress(bytes, 4, length));
				});
			}
			case ZSTD -> {
				ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(3).setMagicless(true).setContentSize(true);
				ZstdDecompressCtx decompressor = new ZstdDecompressCtx().setMagicless(true);
				yield new Codec((value) -> compressor.compress(writer.writeValueAsBytes(value)), (bytes) -> {
					long length = com.github.luben.zstd.Zstd.getFrameContentSize(bytes, 0, bytes.length, true);
					return reader.readValue(decompressor.decompress(bytes, (int) length));
				});
			}
		};
	}

	private enum Squeeze {
		NONE, LZ4, ZSTD
	}

	/** Value to stored bytes and back. */
	record Codec(Encoder encoder, Decoder decoder) {

		byte[] encode(Object value) {
			return this.encoder.encode(value);
		}

		Object decode(byte[] bytes) {
			return this.decoder.decode(bytes);
		}

	}

	@FunctionalInterface
	interface Encoder {

		byte[] encode(Object value);

	}

	@FunctionalInterface
	interface Decoder {

		Object decode(byte[] bytes);

	}

}

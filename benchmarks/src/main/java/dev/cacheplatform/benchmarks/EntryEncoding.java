package dev.cacheplatform.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;
import io.airlift.compress.zstd.ZstdDecompressor;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
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
 * name on every non-final value) writing JSON, Smile or CBOR, bare or compressed, and JSON with the other
 * compressors tried for faster decoding (LZ4 high compression, pure-Java Zstandard, Deflate). Compare them with each
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

	/**
	 * Cache Platform's uncompressed envelope with its JSON recompressed by Zstandard at level -3 against the
	 * bundled dictionary: the fast levels store literals raw (no Huffman decoding), so this is the fastest
	 * Zstandard decode at the dictionary's help with structure. Not a form the codec writes: decoding
	 * decompresses, puts the header back in front (a copy the codec would not need) and reads the envelope.
	 */
	ENVELOPE_ZSTD_FAST_DICTIONARY {
		@Override
		Codec create() {
			return recompressed(-3, true);
		}
	},

	/** As {@link #ENVELOPE_ZSTD_FAST_DICTIONARY}, level -1. */
	ENVELOPE_ZSTD_LEVEL_MINUS_1_DICTIONARY {
		@Override
		Codec create() {
			return recompressed(-1, true);
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

	/** The same JSON, LZ4's high-compression compressor (level 9): the same decoder as LZ4, a better ratio. */
	PAYLOAD_JSON_LZ4HC {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.LZ4HC);
		}
	},

	/** The same JSON, Zstandard level 3 (magicless frame). */
	PAYLOAD_JSON_ZSTD {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.ZSTD);
		}
	},

	/**
	 * The same magicless Zstandard frames, decoded in pure Java by aircompressor instead of zstd-jni (no JNI
	 * crossing). aircompressor only reads frames with the magic number, so decoding first copies the frame
	 * behind one, as the codec would have to.
	 */
	PAYLOAD_JSON_ZSTD_AIRCOMPRESSOR {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.ZSTD_AIRCOMPRESSOR);
		}
	},

	/** The same JSON, raw Deflate level 6 (the JDK's zlib), the raw length in front. */
	PAYLOAD_JSON_DEFLATE {
		@Override
		Codec create() {
			return payload(JsonMapper.builder(), Squeeze.DEFLATE);
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

	/** The Zstandard magic number, little-endian, that magicless frames leave out. */
	private static final byte[] ZSTD_MAGIC = { 0x28, (byte) 0xB5, 0x2F, (byte) 0xFD };

	abstract Codec create();

	private static Codec envelope(Compression compression, int threshold) {
		EnvelopeCodec codec = new EnvelopeCodec(ALLOW_LIST, Format.JSON, compression, threshold,
				(warning) -> System.out.println("[codec warning] " + warning));
		return new Codec(codec::encode, codec::decode);
	}

	private static Codec recompressed(int level, boolean dictionary) {
		EnvelopeCodec codec = new EnvelopeCodec(ALLOW_LIST, Format.JSON, Compression.NONE, 0,
				(warning) -> System.out.println("[codec warning] " + warning));
		ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(level).setMagicless(true).setContentSize(true);
		ZstdDecompressCtx decompressor = new ZstdDecompressCtx().setMagicless(true);
		if (dictionary) {
			byte[] bundled = bundledDictionary();
			compressor.loadDict(bundled);
			decompressor.loadDict(bundled);
		}
		return new Codec((value) -> {
			byte[] envelope = codec.encode(value);
			int header = envelopeHeaderLength(envelope);
			byte[] frame = compressor.compress(Arrays.copyOfRange(envelope, header, envelope.length));
			byte[] stored = Arrays.copyOf(envelope, header + frame.length);
			System.arraycopy(frame, 0, stored, header, frame.length);
			return stored;
		}, (bytes) -> {
			int header = envelopeHeaderLength(bytes);
			long length = Zstd.getFrameContentSize(bytes, header, bytes.length - header, true);
			byte[] envelope = Arrays.copyOf(bytes, header + (int) length);
			decompressor.decompressByteArray(envelope, header, (int) length, bytes, header, bytes.length - header);
			return codec.decode(envelope);
		});
	}

	/** The envelope's JSON header: magic, version, format, compression, then the root type id and its length. */
	private static int envelopeHeaderLength(byte[] envelope) {
		return 7 + (((envelope[5] & 0xFF) << 8) | (envelope[6] & 0xFF));
	}

	private static byte[] bundledDictionary() {
		try (InputStream in = EnvelopeCodec.class.getResourceAsStream("zstd-dictionary-1.bin")) {
			if (in == null) {
				throw new IllegalStateException("zstd-dictionary-1.bin is missing from the starter jar");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
			case LZ4, LZ4HC -> {
				LZ4Compressor compressor = (squeeze == Squeeze.LZ4) ? LZ4Factory.fastestInstance().fastCompressor()
						: LZ4Factory.fastestInstance().highCompressor();
				LZ4FastDecompressor decompressor = LZ4Factory.fastestInstance().fastDecompressor();
				yield new Codec((value) -> {
					byte[] raw = writer.writeValueAsBytes(value);
					byte[] compressed = compressor.compress(raw);
					// The raw length in front, as the envelope stores it
					byte[] stored = new byte[4 + compressed.length];
					ByteBuffer.wrap(stored).putInt(raw.length).put(compressed);
					return stored;
				}, (bytes) -> {
					int length = ByteBuffer.wrap(bytes).getInt();
					return reader.readValue(decompressor.decompress(bytes, 4, length));
				});
			}
			case ZSTD -> {
				ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(3).setMagicless(true).setContentSize(true);
				ZstdDecompressCtx decompressor = new ZstdDecompressCtx().setMagicless(true);
				yield new Codec((value) -> compressor.compress(writer.writeValueAsBytes(value)), (bytes) -> {
					long length = Zstd.getFrameContentSize(bytes, 0, bytes.length, true);
					return reader.readValue(decompressor.decompress(bytes, (int) length));
				});
			}
			case ZSTD_AIRCOMPRESSOR -> {
				ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(3).setMagicless(true).setContentSize(true);
				ZstdDecompressor decompressor = new ZstdDecompressor();
				yield new Codec((value) -> compressor.compress(writer.writeValueAsBytes(value)), (bytes) -> {
					byte[] frame = new byte[ZSTD_MAGIC.length + bytes.length];
					System.arraycopy(ZSTD_MAGIC, 0, frame, 0, ZSTD_MAGIC.length);
					System.arraycopy(bytes, 0, frame, ZSTD_MAGIC.length, bytes.length);
					byte[] raw = new byte[(int) ZstdDecompressor.getDecompressedSize(frame, 0, frame.length)];
					decompressor.decompress(frame, 0, frame.length, raw, 0, raw.length);
					return reader.readValue(raw);
				});
			}
			case DEFLATE -> {
				Deflater deflater = new Deflater(6, true);
				Inflater inflater = new Inflater(true);
				yield new Codec((value) -> {
					byte[] raw = writer.writeValueAsBytes(value);
					deflater.reset();
					deflater.setInput(raw);
					deflater.finish();
					byte[] buffer = new byte[raw.length + 64];
					int compressed = deflater.deflate(buffer);
					byte[] stored = new byte[4 + compressed];
					ByteBuffer.wrap(stored).putInt(raw.length).put(buffer, 0, compressed);
					return stored;
				}, (bytes) -> {
					byte[] raw = new byte[ByteBuffer.wrap(bytes).getInt()];
					inflater.reset();
					inflater.setInput(bytes, 4, bytes.length - 4);
					try {
						inflater.inflate(raw);
					}
					catch (DataFormatException ex) {
						throw new IllegalStateException(ex);
					}
					return reader.readValue(raw);
				});
			}
		};
	}

	private enum Squeeze {
		NONE, LZ4, LZ4HC, ZSTD, ZSTD_AIRCOMPRESSOR, DEFLATE
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

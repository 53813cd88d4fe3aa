package dev.cacheplatform.codec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import org.springframework.util.ClassUtils;

/**
 * LZ4 and Zstandard over whole payloads. Both libraries are optional dependencies: each is only loaded
 * when its algorithm is configured or met in stored bytes.
 * <p>
 * Zstandard is written as a <em>magicless</em> frame (RFC 8878 without its 4-byte magic number) whose
 * header holds the content size, so the envelope needs no length of its own: a small value pays about 6
 * bytes for compression in all. Frames are compressed against a dictionary bundled with the codec
 * ({@link ZstdDictionary}): a value of a few hundred bytes cannot amortise the entropy tables a frame
 * otherwise carries and the decoder builds for it, so with the dictionary such a value is about a fifth
 * smaller and decodes about a third faster. Magicless frames without the dictionary and frames with the
 * magic number and an envelope length in front, which earlier versions wrote, stay readable. Zstandard
 * contexts are pooled: creating one costs more than decompressing a small value.
 * <p>
 * Stored bytes are untrusted, so decompression checks what they declare before allocating anything:
 * the envelope's uncompressed length must be within the caller's cap, possible for the compressed
 * length (LZ4 cannot expand a byte to more than 255), and, for Zstandard, equal to the content size in
 * the frame header. The output buffer is exactly that length and the decompressors never write beyond
 * it, so a decompression bomb costs at most the cap.
 */
final class PayloadCompression {

	/** LZ4 block output per input byte is at most 255 (a match length continuation byte), plus the last literals. */
	private static final int LZ4_MAX_RATIO = 255;

	private static final int LZ4_SLACK_BYTES = 64;

	static final int ZSTD_LEVEL = 3;

	private static final boolean LZ4_PRESENT = ClassUtils.isPresent("net.jpountz.lz4.LZ4Factory",
			PayloadCompression.class.getClassLoader());

	private static final boolean ZSTD_PRESENT = ClassUtils.isPresent("com.github.luben.zstd.Zstd",
			PayloadCompression.class.getClassLoader());

	private PayloadCompression() {
	}

	/**
	 * @param compression the algorithm
	 * @return whether its library is on the classpath
	 */
	static boolean isAvailable(Compression compression) {
		return switch (compression) {
			case NONE -> true;
			case LZ4 -> LZ4_PRESENT;
			case ZSTD -> ZSTD_PRESENT;
		};
	}

	/**
	 * @param compression LZ4 or ZSTD
	 * @param raw the payload
	 * @return the compressed payload
	 */
	static byte[] compress(Compression compression, byte[] raw) {
		return switch (compression) {
			case LZ4 -> Lz4.COMPRESSOR.compress(raw);
			case ZSTD -> ZstdContexts.compress(raw);
			case NONE -> raw;
		};
	}

	/**
	 * Decompresses a magicless Zstandard frame, whose header declares the uncompressed length.
	 * @param source the stored bytes
	 * @param offset where the frame starts
	 * @param length the frame's length
	 * @param maxBytes the largest uncompressed length accepted
	 * @param what the start of failure messages, naming the value's type when known
	 * @param withDictionary whether the frame was compressed against the bundled dictionary
	 * @return the payload
	 * @throws ValueUnreadableException if the frame declares no length, one over the cap, or is corrupt, or
	 * zstd-jni is missing
	 */
	static byte[] decompressFrame(byte[] source, int offset, int length, int maxBytes, String what,
			boolean withDictionary) {
		if (!isAvailable(Compression.ZSTD)) {
			throw new ValueUnreadableException(UnreadableReason.UNSUPPORTED_HEADER,
					what + ": it is compressed with ZSTD but that library is not on the classpath", null);
		}
		long declared;
		try {
			declared = Zstd.getFrameContentSize(source, offset, length, true);
		}
		catch (RuntimeException ex) {
			// Thrown for frames too short to hold a header; the message adds nothing
			declared = -1;
		}
		if (declared < 0) {
			throw new ValueUnreadableException(what + ": its Zstandard frame header declares no valid size", null);
		}
		if (declared > maxBytes) {
			throw new ValueUnreadableException(UnreadableReason.TOO_LARGE, what + ": its Zstandard frame declares an "
					+ "uncompressed length of " + declared + " bytes, over the limit of " + maxBytes + " bytes", null);
		}
		int rawLength = (int) declared;
		byte[] raw = new byte[rawLength];
		if (ZstdContexts.decompress(raw, source, offset, length, withDictionary) != rawLength) {
			throw new ValueUnreadableException(what + ": its ZSTD payload is corrupt or truncated", null);
		}
		return raw;
	}

	/**
	 * Decompresses a payload whose uncompressed length the envelope declares: LZ4, or a Zstandard frame
	 * with its magic number (as written before magicless frames).
	 * @param compression LZ4 or ZSTD
	 * @param source the stored bytes
	 * @param offset where the compressed payload starts
	 * @param length the compressed payload's length
	 * @param rawLength the uncompressed length the envelope declares
	 * @param maxBytes the largest uncompressed length accepted
	 * @param what the start of failure messages, naming the value's type when known
	 * @return the payload
	 * @throws ValueUnreadableException if the declared length is over the cap or impossible, the data is
	 * corrupt or does not have the declared length, or the library is missing
	 */
	static byte[] decompress(Compression compression, byte[] source, int offset, int length, int rawLength,
			int maxBytes, String what) {
		if (rawLength < 0) {
			throw new ValueUnreadableException(UnreadableReason.CORRUPT,
					what + ": the envelope declares a negative uncompressed length", null);
		}
		if (rawLength > maxBytes) {
			throw new ValueUnreadableException(UnreadableReason.TOO_LARGE, what + ": the envelope declares an "
					+ "uncompressed length of " + rawLength + " bytes, over the limit of " + maxBytes + " bytes", null);
		}
		if (!isAvailable(compression)) {
			throw new ValueUnreadableException(UnreadableReason.UNSUPPORTED_HEADER,
					what + ": it is compressed with " + compression + " but that library is not on the classpath", null);
		}
		checkDeclaredLength(compression, source, offset, length, rawLength, what);
		byte[] raw = new byte[rawLength];
		long produced;
		try {
			produced = switch (compression) {
				case LZ4 -> Lz4.DECOMPRESSOR.decompress(source, offset, length, raw, 0, rawLength);
				case ZSTD -> Zstd.decompressByteArray(raw, 0, rawLength, source, offset, length);
				case NONE -> throw new IllegalArgumentException("Nothing to decompress");
			};
		}
		catch (RuntimeException ex) {
			// The libraries' messages carry no payload content, but the cause adds nothing either
			produced = -1;
		}
		// zstd reports errors as negative results, so a mismatch covers them too
		if (produced != rawLength) {
			throw new ValueUnreadableException(what + ": its " + compression + " payload is corrupt or truncated", null);
		}
		return raw;
	}

	// Refuses lengths the compressed bytes cannot produce, before the output buffer is allocated
	private static void checkDeclaredLength(Compression compression, byte[] source, int offset, int length,
			int rawLength, String what) {
		if (compression == Compression.LZ4 && rawLength > (long) length * LZ4_MAX_RATIO + LZ4_SLACK_BYTES) {
			throw new ValueUnreadableException(what + ": the envelope declares an uncompressed length of " + rawLength
					+ " bytes, more than " + length + " bytes of LZ4 can hold", null);
		}
		if (compression == Compression.ZSTD) {
			long frameSize;
			try {
				frameSize = Zstd.getFrameContentSize(source, offset, length);
			}
			catch (RuntimeException ex) {
				// Thrown for frames too short to hold a header; the message adds nothing
				frameSize = -1;
			}
			if (frameSize != rawLength) {
				throw new ValueUnreadableException(what + ": the envelope declares an uncompressed length of "
						+ rawLength + " bytes but its Zstandard frame header "
						+ ((frameSize < 0) ? "declares no valid size" : "declares " + frameSize), null);
			}
		}
	}

	/**
	 * Pools Zstandard contexts (level {@value PayloadCompression#ZSTD_LEVEL}, magicless frames with their
	 * content size, against the bundled dictionary; decompression also without it). A context serves one call
	 * at a time; at most {@link #POOLED} of each kind are kept, the others are freed after use, so virtual
	 * threads cannot pile them up.
	 */
	private static final class ZstdContexts {

		private static final int POOLED = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

		private static final BlockingQueue<ZstdCompressCtx> COMPRESSORS = new ArrayBlockingQueue<>(POOLED);

		private static final BlockingQueue<ZstdDecompressCtx> DECOMPRESSORS = new ArrayBlockingQueue<>(POOLED);

		private static final BlockingQueue<ZstdDecompressCtx> DICTIONARY_DECOMPRESSORS = new ArrayBlockingQueue<>(
				POOLED);

		static byte[] compress(byte[] raw) {
			ZstdCompressCtx context = COMPRESSORS.poll();
			if (context == null) {
				context = new ZstdCompressCtx().setLevel(ZSTD_LEVEL).setMagicless(true).setContentSize(true)
					.setChecksum(false)
					.setDictID(false)
					.loadDict(ZstdDictionary.COMPRESS);
			}
			try {
				return context.compress(raw);
			}
			finally {
				if (!COMPRESSORS.offer(context)) {
					context.close();
				}
			}
		}

		// The number of bytes written, or -1 when the frame is corrupt or does not fill the buffer exactly
		static long decompress(byte[] raw, byte[] source, int offset, int length, boolean withDictionary) {
			BlockingQueue<ZstdDecompressCtx> pool = withDictionary ? DICTIONARY_DECOMPRESSORS : DECOMPRESSORS;
			ZstdDecompressCtx context = pool.poll();
			if (context == null) {
				context = new ZstdDecompressCtx().setMagicless(true);
				if (withDictionary) {
					context.loadDict(ZstdDictionary.DECOMPRESS);
				}
			}
			try {
				return context.decompressByteArray(raw, 0, raw.length, source, offset, length);
			}
			catch (RuntimeException ex) {
				// ZstdException: corrupt data or a frame larger than the buffer; its message adds nothing
				return -1;
			}
			finally {
				if (!pool.offer(context)) {
					context.close();
				}
			}
		}

	}

	/** Holds the LZ4 codecs so that lz4-java is only loaded when LZ4 is used. */
	private static final class Lz4 {

		private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();

		static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();

		// The safe decompressor bounds every read and write by the buffers given: stored bytes are untrusted
		static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();

	}

}

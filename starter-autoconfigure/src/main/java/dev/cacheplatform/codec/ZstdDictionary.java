package dev.cacheplatform.codec;

import java.io.IOException;
import java.io.InputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;

/**
 * The Zstandard dictionary that envelope compression id 4 refers to: {@code zstd-dictionary-1.bin} next to
 * this class, 16 KiB trained once on small JSON objects whose text is English prose (see the benchmarks'
 * {@code ZstdDictionaryTrainer}). It is part of the stored format: every instance must read it byte for byte
 * as it was when the entries were written, so it is never changed; a better one would get a new envelope id
 * and this one would stay to read old entries. Loaded, and its id checked, on the first Zstandard use.
 */
final class ZstdDictionary {

	/** The id the trainer gave dictionary 1; a different file under its name fails loudly, not silently. */
	static final int ID = 1450653703;

	private static final String RESOURCE = "zstd-dictionary-1.bin";

	private static final byte[] BYTES = load();

	/** Digested once for compression at the codec's level; shared by every pooled context. */
	static final ZstdDictCompress COMPRESS = new ZstdDictCompress(BYTES, PayloadCompression.ZSTD_LEVEL);

	/** Digested once for decompression; shared by every pooled context. */
	static final ZstdDictDecompress DECOMPRESS = new ZstdDictDecompress(BYTES);

	private ZstdDictionary() {
	}

	private static byte[] load() {
		byte[] bytes;
		try (InputStream in = ZstdDictionary.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The codec's Zstandard dictionary " + RESOURCE + " is missing from "
						+ "the cache-platform jar");
			}
			bytes = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the codec's Zstandard dictionary " + RESOURCE, ex);
		}
		long id = Zstd.getDictIdFromDict(bytes);
		if (id != ID) {
			throw new IllegalStateException("The codec's Zstandard dictionary " + RESOURCE + " has id " + id
					+ " instead of " + ID + ": entries written with dictionary 1 could not be read");
		}
		return bytes;
	}

}

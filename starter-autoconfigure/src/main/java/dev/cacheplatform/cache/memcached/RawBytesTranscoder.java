package dev.cacheplatform.cache.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Hands the codec's bytes to xmemcached as they are (flags 0): the value encoding, compression and size limit
 * are the codec's, as for Redis, so the client's own serialization and compression stay out of the way.
 */
public final class RawBytesTranscoder implements Transcoder<byte[]> {

	/** The one instance: it holds no state. */
	public static final RawBytesTranscoder INSTANCE = new RawBytesTranscoder();

	@Override
	public CachedData encode(byte[] bytes) {
		return new CachedData(0, bytes);
	}

	@Override
	public byte[] decode(CachedData data) {
		return data.getData();
	}

	@Override
	public void setPrimitiveAsString(boolean primitiveAsString) {
	}

	@Override
	public void setPackZeros(boolean packZeros) {
	}

	@Override
	public void setCompressionThreshold(int compressionThreshold) {
	}

	@Override
	public boolean isPrimitiveAsString() {
		return false;
	}

	@Override
	public boolean isPackZeros() {
		return false;
	}

	@Override
	public void setCompressionMode(CompressionMode compressionMode) {
	}

}

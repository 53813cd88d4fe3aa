package dev.cacheplatform.cache.redis;

import dev.cacheplatform.codec.CacheValueCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Lets Spring Data Redis's cache write values through our {@link CacheValueCodec}. The codec's own
 * exceptions pass through unchanged, so the cache can tell an unreadable entry (delete, miss) from an
 * unstorable value (skip, count) and from a Redis fault.
 */
final class CodecRedisSerializer implements RedisSerializer<Object> {

	private final CacheValueCodec codec;

	CodecRedisSerializer(CacheValueCodec codec) {
		this.codec = codec;
	}

	@Override
	public byte @Nullable [] serialize(@Nullable Object value) {
		return (value != null) ? this.codec.encode(value) : null;
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return (bytes != null) ? this.codec.decode(bytes) : null;
	}

}

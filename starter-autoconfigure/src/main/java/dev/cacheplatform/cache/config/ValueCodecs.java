package dev.cacheplatform.cache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.cacheplatform.cache.CachePlatformCacheProperties;
import dev.cacheplatform.codec.CacheValueCodec;
import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;
import dev.cacheplatform.codec.TypeAllowList;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;

/**
 * The value codec every remote driver (Redis, memcached) stores bytes with, from
 * {@code cache-platform.cache.serialization.*}: format, allow-list (plus the application's packages), compression
 * whose library is present, threshold and size limit.
 */
final class ValueCodecs {

	private ValueCodecs() {
	}

	static CacheValueCodec create(CachePlatformCacheProperties properties, BeanFactory beanFactory,
			Consumer<String> warnings) {
		CachePlatformCacheProperties.Serialization serialization = properties.getSerialization();
		List<String> packages = new ArrayList<>(serialization.getAllowedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return new EnvelopeCodec(TypeAllowList.of(packages),
				(serialization.getFormat() == CachePlatformCacheProperties.ValueFormat.JDK) ? Format.JDK : Format.JSON,
				switch (OptionalLibraries.compression(serialization.getCompression(), beanFactory)) {
					case LZ4 -> Compression.LZ4;
					case ZSTD -> Compression.ZSTD;
					case NONE -> Compression.NONE;
				}, (int) serialization.getCompressionThreshold().toBytes(),
				(int) serialization.getMaxValueSize().toBytes(), warnings::accept);
	}

}

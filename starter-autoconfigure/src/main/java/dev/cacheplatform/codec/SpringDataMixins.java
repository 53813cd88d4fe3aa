package dev.cacheplatform.codec;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.util.ClassUtils;

/**
 * Field-based JSON for Spring Data's {@code SliceImpl}, which declares a {@code pageable} field that
 * shadows the one of its superclass {@code Chunk}: JSON holds one property per name, so the slice is
 * rebuilt through its constructor, which sets both. ({@code PageImpl}, {@code PageRequest} and
 * {@code Sort} need nothing: their fields are their state.)
 */
final class SpringDataMixins {

	private SpringDataMixins() {
	}

	/**
	 * Adds the mix-ins when Spring Data Commons is on the classpath.
	 * @param builder the mapper being built
	 * @param classLoader the class loader values are read with
	 */
	static void register(JsonMapper.Builder builder, ClassLoader classLoader) {
		if (ClassUtils.isPresent("org.springframework.data.domain.SliceImpl", classLoader)) {
			builder.addMixIn(SliceImpl.class, SliceImplMixin.class);
		}
	}

	abstract static class SliceImplMixin {

		@JsonCreator
		SliceImplMixin(@JsonProperty("content") List<?> content, @JsonProperty("pageable") Pageable pageable,
				@JsonProperty("hasNext") boolean hasNext) {
		}

	}

}

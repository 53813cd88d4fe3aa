package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RedisBinaryTest {

  @Test
  void providesAnExecutableRedis7() {
    assertThat(Files.isExecutable(RedisBinary.path())).isTrue();
    assertThat(RedisBinary.path()).isSameAs(RedisBinary.path());
    assertThat(RedisBinary.majorVersion(RedisBinary.path())).isGreaterThanOrEqualTo(7);
    assertThat(RedisBinary.resourceName()).startsWith("redis-server-7.0.15-");
  }
}

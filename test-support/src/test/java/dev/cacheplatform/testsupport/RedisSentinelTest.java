package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSentinelTest {

  @Test
  void sentinelReportsTheMaster() {
    try (RedisSentinel sentinel = RedisSentinel.start("mymaster")) {
      assertThat(sentinel.masterName()).isEqualTo("mymaster");
      assertThat(sentinel.nodes()).matches("127\\.0\\.0\\.1:\\d+");
      try (RespClient client = sentinel.sentinels().get(0).client()) {
        assertThat(client.command("SENTINEL", "get-master-addr-by-name", "mymaster"))
            .isEqualTo(List.of("127.0.0.1", Integer.toString(sentinel.master().port())));
      }
      try (RespClient client = sentinel.master().client()) {
        client.set("k", "v");
        assertThat(client.get("k")).isEqualTo("v");
      }
    }
  }

  @Test
  void passwordProtectedMasterWithTwoSentinels() {
    try (RedisSentinel sentinel = RedisSentinel.builder().masterName("cache").password("pw")
        .sentinels(2).start()) {
      assertThat(sentinel.nodes()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
      assertThat(sentinel.master().url()).startsWith("redis://:pw@");
      for (RedisServer node : sentinel.sentinels()) {
        try (RespClient client = node.client()) {
          assertThat(client.command("SENTINEL", "get-master-addr-by-name", "cache"))
              .isEqualTo(List.of("127.0.0.1", Integer.toString(sentinel.master().port())));
        }
      }
    }
  }
}

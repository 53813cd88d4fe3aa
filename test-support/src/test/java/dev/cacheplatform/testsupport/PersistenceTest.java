package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersistenceTest {

  @Test
  void dataSurvivesKillAndRestart() {
    try (RedisServer server = RedisServer.builder().persistence().start()) {
      int port = server.port();
      try (RespClient client = server.client()) {
        assertThat(client.info("persistence")).contains("aof_enabled:1");
        client.set("durable", "yes");
      }
      AppendOnlyFile.awaitEarlierWrites(server);
      server.kill();
      assertThat(server.isRunning()).isFalse();
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      try (RespClient client = server.client()) {
        assertThat(client.get("durable")).isEqualTo("yes");
      }
    }
  }
}

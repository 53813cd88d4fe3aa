package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class UnixSocketTest {

  @Test
  void listensOnUnixSocketAndTcp() {
    try (RedisServer server = RedisServer.builder().unixSocket().start()) {
      assertThat(server.socketPath()).exists();
      assertThat(server.socketPath().getParent()).isEqualTo(server.directory());
      assertThat(Files.isRegularFile(server.socketPath())).isFalse();
      try (RespClient client = RespClient.builder().unixSocket(server.socketPath()).connect()) {
        client.set("k", "via-socket");
      }
      try (RespClient client = server.client()) {
        assertThat(client.get("k")).isEqualTo("via-socket");
      }
    }
  }
}

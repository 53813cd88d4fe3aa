package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PauseResumeTest {

  @Test
  void pauseFreezesAndResumeRestores() {
    try (RedisServer server = RedisServer.builder().start()) {
      RespClient.Builder shortTimeout = server.clientBuilder().timeout(Duration.ofMillis(300));
      try (RespClient client = shortTimeout.connect()) {
        server.pause();
        assertThatThrownBy(client::ping).isInstanceOf(UncheckedIOException.class)
            .hasCauseInstanceOf(SocketTimeoutException.class);
      }
      try (RespClient client = shortTimeout.connect()) {
        assertThatThrownBy(client::ping).isInstanceOf(UncheckedIOException.class);
      }
      server.resume();
      try (RespClient client = shortTimeout.connect()) {
        assertThat(client.ping()).isEqualTo("PONG");
      }
      server.pause();
    } // close() must cope with a paused server
  }
}

package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {

  @AutoClose
  private final RedisServer server = RedisServer.builder().config("maxmemory", "10mb").start();

  @Test
  void setAndGet() {
    try (RespClient client = server.client()) {
      client.set("greeting", "hello wörld");
      assertThat(client.get("greeting")).isEqualTo("hello wörld");
      assertThat(client.getBytes("greeting")).isEqualTo("hello wörld".getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(client.get("missing")).isNull();
      assertThat(client.pttl("greeting")).isEqualTo(-1L);
      assertThat(client.command("PEXPIRE", "greeting", "60000")).isEqualTo(1L);
      assertThat(client.pttl("greeting")).isBetween(1L, 60000L);
      assertThat(client.command("CONFIG", "GET", "maxmemory"))
          .isEqualTo(List.of("maxmemory", "10485760"));
      assertThatThrownBy(() -> client.command("INCR", "greeting"))
          .isInstanceOf(RespClient.RedisError.class)
          .hasMessageContaining("not an integer")
          .satisfies((ex) -> assertThat(((RespClient.RedisError) ex).code()).isEqualTo("ERR"));
    }
    assertThat(server.host()).isEqualTo("127.0.0.1");
    assertThat(server.url()).isEqualTo("redis://127.0.0.1:" + server.port());
    assertThatThrownBy(server::socketPath).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keysUseScanPerDatabaseAndStatsCountCommands() {
    server.resetStats();
    try (RespClient db0 = server.client(); RespClient db3 = server.client(3)) {
      db0.set("b", "1");
      db0.set("a", "1");
      db3.set("other", "1");
      db0.get("a");
      db0.get("b");
      db0.get("c");
    }
    assertThat(server.keys(0)).containsExactly("a", "b");
    assertThat(server.keys(3)).containsExactly("other");
    assertThat(server.commandStats()).containsEntry("get", 3L).containsEntry("set", 3L);
    server.resetStats();
    assertThat(server.commandStats()).doesNotContainKey("get");
  }

  @Test
  void stopAndRestartKeepPortAndCloseDeletesDirectory() {
    int port = server.port();
    Path directory = server.directory();
    server.stop();
    assertThat(server.isRunning()).isFalse();
    server.restart();
    assertThat(server.port()).isEqualTo(port);
    try (RespClient client = server.client()) {
      assertThat(client.ping()).isEqualTo("PONG");
    }
    server.close();
    assertThat(server.isRunning()).isFalse();
    assertThat(Files.exists(directory)).isFalse();
  }
}

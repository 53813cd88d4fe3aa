package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PersistenceTest {

  @Test
  void dataSurvivesKillAndRestart() throws Exception {
    try (RedisServer server = RedisServer.builder().persistence().start()) {
      int port = server.port();
      try (RespClient client = server.client()) {
        assertThat(client.info("persistence")).contains("aof_enabled:1");
        client.set("durable", "yes");
      }
      // wait until the write reached the AOF file (appendfsync everysec): then SIGKILL cannot
      // lose it, without sleeping the full 2 s everysec guarantee
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!aofContains(server.directory(), "durable") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.kill();
      assertThat(server.isRunning()).isFalse();
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      try (RespClient client = server.client()) {
        assertThat(client.get("durable")).isEqualTo("yes");
      }
    }
  }

  private static boolean aofContains(Path directory, String text) throws IOException {
    Path aofDirectory = directory.resolve("appendonlydir");
    if (!Files.isDirectory(aofDirectory)) {
      return false;
    }
    try (Stream<Path> files = Files.list(aofDirectory)) {
      return files.anyMatch((file) -> {
        try {
          return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException ex) {
          return false;
        }
      });
    }
  }
}

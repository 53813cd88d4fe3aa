package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenamedCommandsTest {

  @Test
  void dangerousCommandsAreUnknownButScanWorks() {
    try (RedisServer server = RedisServer.builder().renameDangerousCommands().start();
        RespClient client = server.client()) {
      client.set("k1", "v");
      client.set("k2", "v");
      for (String[] command : List.of(new String[] {"KEYS", "*"}, new String[] {"FLUSHDB"},
          new String[] {"FLUSHALL"}, new String[] {"CONFIG", "GET", "maxmemory"})) {
        assertThatThrownBy(() -> client.command(command))
            .isInstanceOf(RespClient.RedisError.class)
            .hasMessageContaining("unknown command");
      }
      List<?> scan = (List<?>) client.command("SCAN", "0", "COUNT", "100");
      assertThat((List<?>) scan.get(1)).hasSize(2);
      assertThat(server.keys(0)).containsExactly("k1", "k2");
      assertThat(server.commandStats()).containsEntry("set", 2L);
      assertThatThrownBy(server::resetStats).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("renamed away");
    }
  }
}

package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

  @Test
  void badConfigurationFailsWithTheLogTail() {
    assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive", "x").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Bad directive or wrong number of arguments")
        .hasMessageContaining("no-such-directive");
  }

  @Test
  void restartWaitsUntilItsPortIsFreeAgain() throws Exception {
    try (RedisServer server = RedisServer.builder().start()) {
      server.kill();
      CompletableFuture<Void> restarted;
      try (ServerSocket squatter = new ServerSocket()) {
        squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        restarted = CompletableFuture.runAsync(server::restart);
        Thread.sleep(500);
        assertThat(restarted).isNotDone();
      }
      restarted.get();
      try (RespClient client = server.client()) {
        assertThat(client.ping()).isEqualTo("PONG");
      }
      assertThat(server.logFile()).content().containsPattern("Address (already )?in use");
    }
  }
}

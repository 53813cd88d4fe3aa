package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
        long logBefore = Files.size(server.logFile());
        restarted = CompletableFuture.runAsync(server::restart);
        // the restart has met the squatter once it logged the bind failure: from then on it can
        // only finish by binding the port, which the squatter still holds
        awaitLog(server, logBefore, "Address (already )?in use");
        assertThat(restarted).isNotDone();
      }
      restarted.get(30, TimeUnit.SECONDS);
      try (RespClient client = server.client()) {
        assertThat(client.ping()).isEqualTo("PONG");
      }
    }
  }

  private static void awaitLog(RedisServer server, long offset, String regex) throws Exception {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!pattern.matcher(Files.readString(server.logFile()).substring((int) offset)).find()) {
      assertThat(System.nanoTime()).as("log matches %s within 10 s", regex).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

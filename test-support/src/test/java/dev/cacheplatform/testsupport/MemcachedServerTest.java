package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The memcached test server's key dump, which tests use to see what the driver stored. */
class MemcachedServerTest {

  @Test
  void theKeyDumpListsEveryKeyWhileItemsMoveBetweenLruQueues() {
    MemcachedServer.assumeInstalled();
    try (MemcachedServer server = MemcachedServer.start()) {
      List<String> written = IntStream.range(0, 2_000).mapToObj((i) -> "key-" + i).toList();
      byte[] value = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
      for (String key : written) {
        server.set(key, value, 0);
      }
      for (int round = 0; round < 5; round++) {
        // reads move items between the hot, warm and cold queues while the dumps walk them
        written.forEach(server::get);
        assertThat(server.dumpedKeys()).containsExactlyInAnyOrderElementsOf(written);
      }
    }
  }
}

package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir
  Path temp;

  @Test
  void directivesOfTheFileTakeEffect() throws Exception {
    Path conf = write("maxmemory 3mb", "maxmemory-policy allkeys-lfu", "appendonly yes",
        "appendfsync always", "save 120 5");
    try (RedisServer server = RedisServer.builder().configFile(conf).start();
        RespClient client = server.client()) {
      assertThat(configGet(client, "maxmemory-policy")).isEqualTo("allkeys-lfu");
      assertThat(configGet(client, "maxmemory")).isEqualTo(String.valueOf(3 * 1024 * 1024));
      assertThat(configGet(client, "appendonly")).isEqualTo("yes");
      assertThat(configGet(client, "appendfsync")).isEqualTo("always");
      assertThat(configGet(client, "save")).isEqualTo("120 5");
    }
  }

  @Test
  void locationAndBuilderSettingsOverrideTheFile() throws Exception {
    Path conf = write("port 1", "bind 0.0.0.0", "requirepass from-the-file",
        "maxmemory-policy allkeys-lru");
    try (RedisServer server = RedisServer.builder()
        .configFile(conf)
        .password("from-the-test")
        .config("maxmemory-policy", "volatile-ttl")
        .start()) {
      assertThat(server.port()).isNotEqualTo(1);
      try (RespClient client = server.client()) {
        assertThat(configGet(client, "bind")).isEqualTo("127.0.0.1");
        assertThat(configGet(client, "maxmemory-policy")).isEqualTo("volatile-ttl");
        assertThat(configGet(client, "dir")).isEqualTo(server.directory().toRealPath().toString());
      }
      assertThatExceptionOfType(RespClient.RedisError.class).isThrownBy(
          () -> RespClient.builder().host(server.host()).port(server.port())
              .password("from-the-file").connect());
    }
  }

  @Test
  void anInvalidFileFailsTheStartWithTheServersMessage() throws Exception {
    Path conf = write("maxmemory-policy sometimes-lru");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> RedisServer.builder().configFile(conf).start())
        .withMessageContaining("maxmemory-policy");
  }

  @Test
  void aMissingFileIsRejectedAtOnce() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RedisServer.builder().configFile(temp.resolve("absent.conf")))
        .withMessageContaining("absent.conf");
  }

  private Path write(String... lines) throws Exception {
    Path conf = Files.createTempFile(temp, "redis-", ".conf");
    Files.write(conf, List.of(lines));
    return conf;
  }

  private static String configGet(RespClient client, String name) {
    List<?> reply = (List<?>) client.command("CONFIG", "GET", name);
    assertThat(reply).hasSize(2);
    return String.valueOf(reply.get(1));
  }
}

package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthenticationTest {

  @Test
  void passwordIsRequired() {
    try (RedisServer server = RedisServer.builder().password("s3cret").start()) {
      try (RespClient anonymous = RespClient.connect(server.host(), server.port())) {
        assertThatThrownBy(() -> anonymous.command("GET", "k"))
            .isInstanceOf(RespClient.RedisError.class)
            .satisfies((ex) -> assertThat(((RespClient.RedisError) ex).code())
                .isEqualTo("NOAUTH"));
      }
      assertThatThrownBy(() -> RespClient.builder().port(server.port()).password("wrong")
          .connect()).isInstanceOf(RespClient.RedisError.class).hasMessageStartingWith("WRONGPASS");
      try (RespClient client = server.client()) {
        client.set("k", "v");
        assertThat(client.get("k")).isEqualTo("v");
      }
      assertThat(server.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + server.port());
      assertThat(server.keys(0)).containsExactly("k");
    }
  }

  @Test
  void aclUserCanAuthenticateWithUserAndPassword() {
    try (RedisServer server = RedisServer.builder().aclUser("app", "apppass").start()) {
      try (RespClient client = RespClient.builder().port(server.port()).user("app", "apppass")
          .connect()) {
        assertThat(client.command("ACL", "WHOAMI")).isEqualTo("app");
        client.set("k", "v");
      }
      try (RespClient client = server.client()) {
        assertThat(client.command("ACL", "WHOAMI")).isEqualTo("app");
      }
      assertThatThrownBy(() -> RespClient.builder().port(server.port()).user("app", "nope")
          .connect()).isInstanceOf(RespClient.RedisError.class).hasMessageStartingWith("WRONGPASS");
      assertThat(server.url()).isEqualTo("redis://app:apppass@127.0.0.1:" + server.port());
    }
  }
}

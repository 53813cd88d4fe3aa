package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.builder().masters(3).password("pw").start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void clusterIsOkOnEveryNode() {
    assertThat(cluster.nodes()).hasSize(3);
    assertThat(cluster.seeds()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
    for (RedisServer node : cluster.nodes()) {
      try (RespClient client = node.client()) {
        String info = String.valueOf(client.command("CLUSTER", "INFO"));
        assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3",
            "cluster_slots_assigned:16384");
      }
    }
  }

  @Test
  void keyIsReadableFromTheSlotOwnerAndOtherNodesRedirect() {
    assertThat(RedisCluster.slot("foo")).isEqualTo(12182);
    assertThat(RedisCluster.slot("{user1000}.following"))
        .isEqualTo(RedisCluster.slot("{user1000}.followers"));
    RedisServer owner = cluster.nodeFor("foo");
    assertThat(owner).isSameAs(cluster.nodes().get(2));
    try (RespClient client = owner.client()) {
      client.set("foo", "bar");
      assertThat(client.get("foo")).isEqualTo("bar");
    }
    RedisServer other = cluster.nodes().get(0);
    try (RespClient client = other.client()) {
      assertThatThrownBy(() -> client.get("foo")).isInstanceOf(RespClient.RedisError.class)
          .hasMessage("MOVED 12182 127.0.0.1:" + owner.port());
      // follow the redirect
      String target = "";
      try {
        client.get("foo");
      } catch (RespClient.RedisError ex) {
        target = ex.getMessage().split(" ")[2];
      }
      int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
      try (RespClient redirected = RespClient.builder().port(port).password("pw").connect()) {
        assertThat(redirected.get("foo")).isEqualTo("bar");
      }
    }
    assertThat(cluster.keys()).contains("foo");
  }
}

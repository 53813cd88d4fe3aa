package dev.cacheplatform.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of masters (no replicas) on free loopback ports. The 16384 slots are split
 * evenly with {@code CLUSTER ADDSLOTSRANGE}, the nodes are joined with {@code CLUSTER MEET}, and
 * {@link #start(int)} returns once every node reports {@code cluster_state:ok} and knows all
 * nodes. Closing stops all nodes and deletes their directories.
 */
public final class RedisCluster implements AutoCloseable {

  /** Number of hash slots in a Redis Cluster. */
  public static final int SLOTS = 16384;

  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts a cluster of the given number of masters without authentication.
   *
   * @param masters the number of master nodes (at least 1)
   * @return the converged cluster
   */
  public static RedisCluster start(int masters) {
    return builder().masters(masters).start();
  }

  /**
   * Returns a builder, e.g. for a password-protected cluster.
   *
   * @return a new builder (3 masters, no password)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the master nodes in slot order (node 0 owns the lowest slots).
   *
   * @return the nodes
   */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * Returns the node addresses as {@code "127.0.0.1:p1,127.0.0.1:p2,..."}.
   *
   * @return comma separated seed addresses
   */
  public String seeds() {
    return nodes.stream().map((node) -> node.host() + ":" + node.port())
        .collect(Collectors.joining(","));
  }

  /**
   * Returns the node currently owning the slot of a key, asking the cluster ({@code CLUSTER
   * SLOTS}) through the first running node.
   *
   * @param key the key (hash tags are honoured)
   * @return the owning node
   */
  public RedisServer nodeFor(String key) {
    int slot = slot(key);
    for (RedisServer candidate : nodes) {
      if (!candidate.isRunning()) {
        continue;
      }
      try (RespClient client = candidate.adminClient()) {
        for (Object range : (List<?>) client.command("CLUSTER", "SLOTS")) {
          List<?> entry = (List<?>) range;
          long start = (Long) entry.get(0);
          long end = (Long) entry.get(1);
          if (slot >= start && slot <= end) {
            long port = (Long) ((List<?>) entry.get(2)).get(1);
            for (RedisServer node : nodes) {
              if (node.port() == port) {
                return node;
              }
            }
          }
        }
      }
      break;
    }
    throw new IllegalStateException("No running node owns slot " + slot + " of key " + key);
  }

  /**
   * Returns all keys of all nodes (via {@code SCAN}), sorted.
   *
   * @return the keys
   */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (RedisServer node : nodes) {
      if (node.isRunning()) {
        keys.addAll(node.keys(0));
      }
    }
    Collections.sort(keys);
    return keys;
  }

  /**
   * Computes the cluster hash slot of a key (CRC16 mod 16384, honouring {@code {hash tags}}).
   *
   * @param key the key
   * @return the slot
   */
  public static int slot(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int start = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '{') {
        start = i;
        break;
      }
    }
    if (start >= 0) {
      for (int end = start + 1; end < bytes.length; end++) {
        if (bytes[end] == '}') {
          if (end > start + 1) {
            return crc16(bytes, start + 1, end) % SLOTS;
          }
          break;
        }
      }
    }
    return crc16(bytes, 0, bytes.length) % SLOTS;
  }

  /** Stops all nodes and deletes their directories. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException ex) {
        failure = (failure == null) ? ex : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "RedisCluster[" + seeds() + "]";
  }

  private static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = ((crc & 0x8000) != 0) ? ((crc << 1) ^ 0x1021) : (crc << 1);
        crc &= 0xffff;
      }
    }
    return crc;
  }

  private static RedisCluster start(Builder builder) {
    if (builder.masters < 1) {
      throw new IllegalArgumentException("masters must be at least 1");
    }
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < builder.masters; i++) {
        RedisServer.Builder node = RedisServer.builder(RedisServer.Mode.CLUSTER);
        if (builder.password != null) {
          node.password(builder.password);
          node.line("masterauth " + RedisServer.quote(builder.password));
        }
        nodes.add(node.start());
      }
      for (int i = 0; i < nodes.size(); i++) {
        int first = i * SLOTS / nodes.size();
        int last = (i + 1) * SLOTS / nodes.size() - 1;
        try (RespClient client = nodes.get(i).adminClient()) {
          client.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
          client.command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first),
              Integer.toString(last));
        }
      }
      try (RespClient client = nodes.get(0).adminClient()) {
        for (int i = 1; i < nodes.size(); i++) {
          RedisServer node = nodes.get(i);
          client.command("CLUSTER", "MEET", node.host(), Integer.toString(node.port()),
              Integer.toString(node.busPort()));
        }
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.awaitConverged();
      return cluster;
    } catch (RuntimeException | Error ex) {
      for (RedisServer node : nodes) {
        try {
          node.close();
        } catch (RuntimeException suppressed) {
          ex.addSuppressed(suppressed);
        }
      }
      throw ex;
    }
  }

  private void awaitConverged() {
    long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
    @Nullable String problem = "not checked yet";
    while (System.nanoTime() < deadline) {
      problem = convergenceProblem();
      if (problem == null) {
        return;
      }
      RedisServer.sleep(50);
    }
    throw new IllegalStateException("Cluster " + seeds() + " did not converge within "
        + CONVERGENCE_TIMEOUT.toSeconds() + " s: " + problem);
  }

  private @Nullable String convergenceProblem() {
    for (RedisServer node : nodes) {
      try (RespClient client = node.adminClient()) {
        String info = String.valueOf(client.command("CLUSTER", "INFO"));
        if (!info.contains("cluster_state:ok")) {
          return node.port() + " is not ok: " + info.replace("\r\n", " ");
        }
        if (!info.contains("cluster_known_nodes:" + nodes.size() + "\r")
            || !info.contains("cluster_slots_ok:" + SLOTS + "\r")) {
          return node.port() + " does not know all nodes/slots: " + info.replace("\r\n", " ");
        }
        String clusterNodes = String.valueOf(client.command("CLUSTER", "NODES"));
        for (String line : clusterNodes.split("\n")) {
          if (!line.isBlank() && (!line.contains(" connected")
              || line.contains("handshake") || line.contains("fail") || line.contains("noaddr"))) {
            return node.port() + " sees " + line;
          }
        }
      }
    }
    return null;
  }

  /** Builder for {@link RedisCluster}. */
  public static final class Builder {

    private int masters = 3;

    private @Nullable String password;

    private Builder() {}

    /**
     * Sets the number of masters (default 3).
     *
     * @param masters the number of masters
     * @return this builder
     */
    public Builder masters(int masters) {
      this.masters = masters;
      return this;
    }

    /**
     * Protects every node with a password ({@code requirepass} and {@code masterauth}).
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Starts the nodes, assigns the slots, joins them and waits for {@code cluster_state:ok}.
     *
     * @return the converged cluster
     */
    public RedisCluster start() {
      return RedisCluster.start(this);
    }
  }
}

package dev.cacheplatform.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Sentinel setup: one master {@link RedisServer} plus one or more sentinel processes
 * ({@code redis-server sentinel.conf --sentinel}) monitoring it with quorum 1 and
 * {@code down-after-milliseconds 2000}. {@link #start(String)} returns once every sentinel
 * answers {@code SENTINEL get-master-addr-by-name}, is connected to the master and (with several
 * sentinels) knows the other sentinels. The sentinels themselves require no password. Closing
 * stops everything and deletes the directories.
 */
public final class RedisSentinel implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

  private final String masterName;

  private final RedisServer master;

  private final List<RedisServer> sentinels;

  private RedisSentinel(String masterName, RedisServer master, List<RedisServer> sentinels) {
    this.masterName = masterName;
    this.master = master;
    this.sentinels = List.copyOf(sentinels);
  }

  /**
   * Starts a master and one sentinel monitoring it under the given name, without passwords.
   *
   * @param masterName the monitored master's name, e.g. {@code "mymaster"}
   * @return the running setup
   */
  public static RedisSentinel start(String masterName) {
    return builder().masterName(masterName).start();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder (master name {@code "mymaster"}, no password, one sentinel)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the monitored master.
   *
   * @return the master server
   */
  public RedisServer master() {
    return master;
  }

  /**
   * Returns the monitored master's name.
   *
   * @return the master name
   */
  public String masterName() {
    return masterName;
  }

  /**
   * Returns the sentinel addresses as {@code "127.0.0.1:sp1[,127.0.0.1:sp2...]"}.
   *
   * @return comma separated sentinel addresses
   */
  public String nodes() {
    return sentinels.stream().map((sentinel) -> sentinel.host() + ":" + sentinel.port())
        .collect(Collectors.joining(","));
  }

  /**
   * Returns the sentinel processes (e.g. to open a client to one, or to kill one). Only
   * sentinel-compatible operations work on them ({@code client()}, {@code stop()},
   * {@code kill()}, {@code restart()}, {@code pause()}, ...).
   *
   * @return the sentinels
   */
  public List<RedisServer> sentinels() {
    return sentinels;
  }

  /** Stops the sentinels and the master and deletes their directories. */
  @Override
  public void close() {
    RuntimeException failure = null;
    List<RedisServer> all = new ArrayList<>(sentinels);
    all.add(master);
    for (RedisServer server : all) {
      try {
        server.close();
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
    return "RedisSentinel[" + masterName + " master=" + master.port() + " sentinels=" + nodes()
        + "]";
  }

  private static RedisSentinel start(Builder builder) {
    if (builder.sentinels < 1) {
      throw new IllegalArgumentException("sentinels must be at least 1");
    }
    RedisServer.Builder masterBuilder = RedisServer.builder();
    if (builder.password != null) {
      masterBuilder.password(builder.password);
    }
    RedisServer master = masterBuilder.start();
    List<RedisServer> sentinels = new ArrayList<>();
    try {
      for (int i = 0; i < builder.sentinels; i++) {
        RedisServer.Builder sentinel = RedisServer.builder(RedisServer.Mode.SENTINEL)
            .line("sentinel monitor " + builder.masterName + " " + master.host() + " "
                + master.port() + " 1")
            .line("sentinel down-after-milliseconds " + builder.masterName + " 2000");
        if (builder.password != null) {
          sentinel.line("sentinel auth-pass " + builder.masterName + " "
              + RedisServer.quote(builder.password));
        }
        sentinels.add(sentinel.start());
      }
      RedisSentinel result = new RedisSentinel(builder.masterName, master, sentinels);
      result.awaitReady();
      return result;
    } catch (RuntimeException | Error ex) {
      for (RedisServer server : sentinels) {
        try {
          server.close();
        } catch (RuntimeException suppressed) {
          ex.addSuppressed(suppressed);
        }
      }
      master.close();
      throw ex;
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    @Nullable String problem = "not checked yet";
    while (System.nanoTime() < deadline) {
      problem = readinessProblem();
      if (problem == null) {
        return;
      }
      RedisServer.sleep(50);
    }
    throw new IllegalStateException("Sentinels " + nodes() + " not ready within "
        + READY_TIMEOUT.toSeconds() + " s: " + problem);
  }

  private @Nullable String readinessProblem() {
    for (RedisServer sentinel : sentinels) {
      try (RespClient client = sentinel.client()) {
        Object address = client.command("SENTINEL", "get-master-addr-by-name", masterName);
        if (!(address instanceof List) || ((List<?>) address).size() != 2) {
          return sentinel.port() + " answers get-master-addr-by-name with " + address;
        }
        List<?> fields = (List<?>) client.command("SENTINEL", "master", masterName);
        String flags = "";
        String otherSentinels = "";
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          if ("flags".equals(fields.get(i))) {
            flags = String.valueOf(fields.get(i + 1));
          } else if ("num-other-sentinels".equals(fields.get(i))) {
            otherSentinels = String.valueOf(fields.get(i + 1));
          }
        }
        if (!"master".equals(flags)) {
          return sentinel.port() + " sees master flags " + flags;
        }
        if (!Integer.toString(sentinels.size() - 1).equals(otherSentinels)) {
          return sentinel.port() + " knows " + otherSentinels + " other sentinels";
        }
      } catch (RespClient.RedisError | java.io.UncheckedIOException ex) {
        return sentinel.port() + ": " + ex.getMessage();
      }
    }
    return null;
  }

  /** Builder for {@link RedisSentinel}. */
  public static final class Builder {

    private String masterName = "mymaster";

    private @Nullable String password;

    private int sentinels = 1;

    private Builder() {}

    /**
     * Sets the monitored master's name (default {@code "mymaster"}).
     *
     * @param masterName the master name
     * @return this builder
     */
    public Builder masterName(String masterName) {
      this.masterName = masterName;
      return this;
    }

    /**
     * Protects the master with a password ({@code requirepass}); the sentinels use it via
     * {@code sentinel auth-pass}.
     *
     * @param password the master password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the number of sentinel processes (default 1).
     *
     * @param sentinels the number of sentinels
     * @return this builder
     */
    public Builder sentinels(int sentinels) {
      this.sentinels = sentinels;
      return this;
    }

    /**
     * Starts the master and the sentinels and waits until they are ready.
     *
     * @return the running setup
     */
    public RedisSentinel start() {
      return RedisSentinel.start(this);
    }
  }
}

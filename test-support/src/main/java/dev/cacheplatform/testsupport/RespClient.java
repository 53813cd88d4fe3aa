package dev.cacheplatform.testsupport;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A small blocking client for inspecting Redis state in tests, independently of the code under test,
 * over one long-lived Lettuce connection (so connection handshakes do not show in command counts).
 * It only ever sends the commands it is asked to send, plus {@code AUTH} and {@code SELECT} while
 * connecting: the connection speaks RESP2 without {@code HELLO}, {@code PING}, {@code CLIENT SETINFO}
 * or {@code CLIENT SETNAME}, so it works against servers whose {@code KEYS}, {@code FLUSHDB},
 * {@code FLUSHALL} or {@code CONFIG} commands are renamed away, and against a frozen server.
 *
 * <p>Replies are mapped as: simple string and bulk string to {@link String} (UTF-8), integer to
 * {@link Long}, array to {@code List<Object>}, null bulk/array to {@code null}, error to a thrown
 * {@link RedisError} (an error nested in an array is returned as a {@link RedisError} element).
 * RESP3 replies (after {@code HELLO 3}) are understood too: maps become {@code Map}, sets and
 * pushes {@code List}, booleans {@link Boolean}, doubles and big numbers {@link String}.
 *
 * <p>An I/O failure (including a reply timeout, then with a {@link SocketTimeoutException} cause)
 * closes the client, because the connection can no longer be trusted to be in sync; it surfaces as
 * an {@link UncheckedIOException}. Lettuce does not reconnect it. Instances are thread safe but
 * serialize commands.
 */
public final class RespClient implements AutoCloseable {

  /** Event loops shared by every client; Lettuce's threads are daemons. */
  private static final ClientResources RESOURCES = DefaultClientResources.builder()
      .ioThreadPoolSize(2)
      .computationThreadPoolSize(1)
      .build();

  /** Clients without TLS, one per pair of timeouts: creating and shutting one down costs more than a connection. */
  private static final Map<List<Duration>, RedisClient> SHARED_CLIENTS = new ConcurrentHashMap<>();

  private final StatefulRedisConnection<byte[], byte[]> connection;

  /** This connection's own client and resources (TLS only), shut down with it. */
  private final @Nullable RedisClient ownClient;

  private final @Nullable ClientResources ownResources;

  private final String description;

  private boolean closed;

  private RespClient(StatefulRedisConnection<byte[], byte[]> connection, @Nullable RedisClient ownClient,
      @Nullable ClientResources ownResources, String description) {
    this.connection = connection;
    this.ownClient = ownClient;
    this.ownResources = ownResources;
    this.description = description;
  }

  /**
   * Returns a builder for a new connection.
   *
   * @return a builder defaulting to {@code 127.0.0.1:6379}, no auth, no TLS, database 0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects to a plain TCP server without authentication.
   *
   * @param host the host
   * @param port the port
   * @return a connected client
   */
  public static RespClient connect(String host, int port) {
    return builder().host(host).port(port).connect();
  }

  /**
   * Sends a command and returns its reply.
   *
   * @param args the command name and its arguments
   * @return the decoded reply, see the class documentation
   * @throws RedisError if the server answers with an error
   * @throws UncheckedIOException on I/O failure or reply timeout (the client is then closed)
   */
  public synchronized @Nullable Object command(String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = bytes(args[i]);
    }
    return execute(raw, false);
  }

  /**
   * Sends a binary-safe command; bulk strings in the reply are returned as {@code byte[]}.
   *
   * @param args the command name and its arguments
   * @return the reply, with bulk strings as {@code byte[]}
   * @throws RedisError if the server answers with an error
   */
  public synchronized @Nullable Object commandBinary(byte[]... args) {
    return execute(args, true);
  }

  /**
   * Returns the value of a string key.
   *
   * @param key the key
   * @return the value decoded as UTF-8, or {@code null} if absent
   */
  public @Nullable String get(String key) {
    return (String) command("GET", key);
  }

  /**
   * Returns the raw bytes of a string key.
   *
   * @param key the key
   * @return the value, or {@code null} if absent
   */
  public byte @Nullable [] getBytes(String key) {
    return (byte[]) commandBinary(bytes("GET"), bytes(key));
  }

  /**
   * Sets a string key.
   *
   * @param key the key
   * @param value the value
   */
  public void set(String key, String value) {
    command("SET", key, value);
  }

  /**
   * Returns the remaining time to live of a key.
   *
   * @param key the key
   * @return milliseconds to live, -1 if the key has no expiry, -2 if it does not exist
   */
  public Long pttl(String key) {
    return (Long) Objects.requireNonNull(command("PTTL", key));
  }

  /**
   * Returns an {@code INFO} section.
   *
   * @param section the section, e.g. {@code "persistence"}; empty for the default sections
   * @return the raw INFO text
   */
  public String info(String section) {
    Object reply = section.isEmpty() ? command("INFO") : command("INFO", section);
    return String.valueOf(reply);
  }

  /**
   * Sends {@code PING}.
   *
   * @return the reply, normally {@code "PONG"}
   */
  public String ping() {
    return String.valueOf(command("PING"));
  }

  /** Closes the connection; further commands fail. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    connection.close();
    shutdown(ownClient, ownResources);
  }

  private static void shutdown(@Nullable RedisClient client, @Nullable ClientResources resources) {
    if (client != null) {
      client.shutdown(0, 1, TimeUnit.SECONDS);
    }
    if (resources != null) {
      resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
  }

  private static RedisClient newClient(ClientResources resources, Duration timeout,
      Duration connectTimeout) {
    RedisClient client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .protocolVersion(ProtocolVersion.RESP2)
        .pingBeforeActivateConnection(false)
        .autoReconnect(false)
        .maintNotificationsConfig(MaintNotificationsConfig.disabled())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
        .build());
    return client;
  }

  private @Nullable Object execute(byte[][] args, boolean binary) {
    if (closed) {
      throw new IllegalStateException("RespClient is closed");
    }
    if (args.length == 0) {
      throw new IllegalArgumentException("No command given");
    }
    CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
    for (int i = 1; i < args.length; i++) {
      commandArgs.add(args[i]);
    }
    Object reply;
    try {
      reply = connection.sync().dispatch(new Keyword(args[0]), new ReplyOutput(binary), commandArgs);
    } catch (RuntimeException ex) {
      close();
      throw new UncheckedIOException(description + ": " + ex.getMessage(), ioException(ex));
    }
    if (reply instanceof RedisError error) {
      throw new RedisError(error.getMessage());
    }
    return reply;
  }

  private static IOException ioException(RuntimeException ex) {
    if (ex instanceof RedisCommandTimeoutException) {
      SocketTimeoutException timeout = new SocketTimeoutException(ex.getMessage());
      timeout.initCause(ex);
      return timeout;
    }
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return io;
      }
    }
    return new IOException(ex.getMessage(), ex);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A command name as the caller spelled it, sent verbatim. */
  private record Keyword(byte[] bytes) implements ProtocolKeyword {

    @Override
    public byte[] getBytes() {
      return bytes;
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** An error reply ({@code -ERR ...}, {@code -NOAUTH ...}, {@code -MOVED ...}) from Redis. */
  public static final class RedisError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an error with the server's error text.
     *
     * @param message the error text without the leading {@code -}
     */
    public RedisError(String message) {
      super(message);
    }

    /**
     * Returns the error code, the first word of the message (e.g. {@code ERR}, {@code NOAUTH},
     * {@code MOVED}, {@code WRONGPASS}).
     *
     * @return the error code
     */
    public String code() {
      String message = String.valueOf(getMessage());
      int space = message.indexOf(' ');
      return (space < 0) ? message : message.substring(0, space);
    }
  }

  /** Builder for {@link RespClient} connections. */
  public static final class Builder {

    private String host = "127.0.0.1";

    private int port = 6379;

    private @Nullable Path unixSocket;

    private @Nullable String user;

    private @Nullable String password;

    private @Nullable SSLContext sslContext;

    private boolean verifyHostname = true;

    private int database;

    private Duration timeout = Duration.ofSeconds(5);

    private Duration connectTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Sets the host.
     *
     * @param host the host name or IP
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Sets the TCP port.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Connects through a unix domain socket instead of TCP (TLS does not apply). Needs Netty's
     * native epoll transport on the class path, as Lettuce does for unix sockets.
     *
     * @param socketPath the socket file
     * @return this builder
     */
    public Builder unixSocket(@Nullable Path socketPath) {
      this.unixSocket = socketPath;
      return this;
    }

    /**
     * Sets the password for {@code AUTH <password>} (or {@code AUTH <user> <password>} with a
     * user).
     *
     * @param password the password, or {@code null} for none
     * @return this builder
     */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the ACL user name and password for {@code AUTH <user> <password>}.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder user(@Nullable String user, @Nullable String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * Enables TLS using the given context for trust (and optionally client certificates).
     *
     * @param sslContext the SSL context, or {@code null} for plain TCP
     * @return this builder
     */
    public Builder sslContext(@Nullable SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /**
     * Whether to verify that the server certificate matches the host (default {@code true}).
     *
     * @param verifyHostname {@code false} to skip hostname verification
     * @return this builder
     */
    public Builder verifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
      return this;
    }

    /**
     * Sets the database to {@code SELECT} after connecting (skipped for 0).
     *
     * @param database the database index
     * @return this builder
     */
    public Builder database(int database) {
      this.database = database;
      return this;
    }

    /**
     * Sets how long to wait for each reply and for the TLS handshake (default 5 s).
     *
     * @param timeout the reply timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the TCP connect timeout (default 5 s); the TLS handshake has the reply timeout.
     *
     * @param connectTimeout the connect timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Opens the connection, performs the TLS handshake, {@code AUTH} and {@code SELECT}.
     *
     * @return the connected client
     * @throws UncheckedIOException if the connection or TLS handshake fails
     * @throws RedisError if {@code AUTH} or {@code SELECT} is rejected
     */
    public RespClient connect() {
      RespClient client = open();
      try {
        if (password != null) {
          if (user != null) {
            client.command("AUTH", user, password);
          } else {
            client.command("AUTH", password);
          }
        }
        if (database != 0) {
          client.command("SELECT", Integer.toString(database));
        }
        return client;
      } catch (RuntimeException ex) {
        client.close();
        throw ex;
      }
    }

    private RespClient open() {
      String description = (unixSocket != null) ? unixSocket.toString()
          : host + ":" + port + (sslContext != null ? " (TLS)" : "");
      RedisURI uri = (unixSocket != null) ? RedisURI.Builder.socket(unixSocket.toString()).build()
          : RedisURI.Builder.redis(host, port).build();
      uri.setTimeout(timeout);
      uri.setLibraryName("");
      uri.setLibraryVersion("");
      TlsChannels tls = (sslContext != null && unixSocket == null)
          ? new TlsChannels(sslContext, host, port, verifyHostname) : null;
      RedisClient client;
      ClientResources ownResources = null;
      if (tls == null) {
        client = SHARED_CLIENTS.computeIfAbsent(List.of(timeout, connectTimeout),
            (key) -> newClient(RESOURCES, timeout, connectTimeout));
      } else {
        // Own resources only for the customizer; given to the builder, the shared parts stay shared
        ownResources = DefaultClientResources.builder()
            .eventLoopGroupProvider(RESOURCES.eventLoopGroupProvider())
            .eventExecutorGroup(RESOURCES.eventExecutorGroup())
            .timer(RESOURCES.timer())
            .nettyCustomizer(tls)
            .build();
        client = newClient(ownResources, timeout, connectTimeout);
      }
      RedisClient ownClient = (tls != null) ? client : null;
      StatefulRedisConnection<byte[], byte[]> connection = null;
      try {
        connection = client.connect(ByteArrayCodec.INSTANCE, uri);
        connection.setTimeout(timeout);
        if (tls != null) {
          tls.awaitHandshake(timeout);
        }
        return new RespClient(connection, ownClient, ownResources, description);
      } catch (RuntimeException ex) {
        if (connection != null) {
          connection.close();
        }
        shutdown(ownClient, ownResources);
        IOException tlsFailure = (tls != null) ? tls.failure() : null;
        throw new UncheckedIOException("Could not connect to " + description + ": " + ex.getMessage(),
            (tlsFailure != null) ? tlsFailure : ioException(ex));
      }
    }
  }
}

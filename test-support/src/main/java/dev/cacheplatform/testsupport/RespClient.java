package dev.cacheplatform.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A tiny, dependency-free, blocking RESP client for inspecting Redis state in tests,
 * independently of the code under test. It only ever sends the commands it is asked to send
 * (plus {@code AUTH} and {@code SELECT} while connecting), so it works against servers whose
 * {@code KEYS}, {@code FLUSHDB}, {@code FLUSHALL} or {@code CONFIG} commands are renamed away.
 *
 * <p>Replies are mapped as: simple string and bulk string to {@link String} (UTF-8), integer to
 * {@link Long}, array to {@code List<Object>}, null bulk/array to {@code null}, error to a thrown
 * {@link RedisError} (an error nested in an array is returned as a {@link RedisError} element).
 * RESP3 replies (after {@code HELLO 3}) are understood too: maps become {@code Map}, sets and
 * pushes {@code List}, booleans {@link Boolean}, doubles and big numbers {@link String}.
 *
 * <p>An I/O failure (including a read timeout) closes the client, because the connection can no
 * longer be trusted to be in sync; it surfaces as an {@link UncheckedIOException}. Instances are
 * thread safe but serialize commands.
 */
public final class RespClient implements AutoCloseable {

  private final @Nullable Socket socket;

  private final @Nullable SocketChannel channel;

  private final InputStream in;

  private final OutputStream out;

  private boolean closed;

  private RespClient(@Nullable Socket socket, @Nullable SocketChannel channel, InputStream in,
      OutputStream out) {
    this.socket = socket;
    this.channel = channel;
    this.in = in;
    this.out = out;
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
   * @throws UncheckedIOException on I/O failure or read timeout (the client is then closed)
   */
  public synchronized @Nullable Object command(String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
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
    try {
      if (channel != null) {
        channel.close();
      }
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ex) {
      // ignore
    }
  }

  private @Nullable Object execute(byte[][] args, boolean binary) {
    if (closed) {
      throw new IllegalStateException("RespClient is closed");
    }
    Object reply;
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      writeAscii(buffer, "*" + args.length + "\r\n");
      for (byte[] arg : args) {
        writeAscii(buffer, "$" + arg.length + "\r\n");
        buffer.write(arg);
        writeAscii(buffer, "\r\n");
      }
      out.write(buffer.toByteArray());
      out.flush();
      reply = read(binary);
    } catch (IOException ex) {
      close();
      throw new UncheckedIOException(ex);
    }
    if (reply instanceof RedisError) {
      throw new RedisError(((RedisError) reply).getMessage());
    }
    return reply;
  }

  private @Nullable Object read(boolean binary) throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("Connection closed by server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new RedisError(line);
      case ':':
        return Long.parseLong(line);
      case '$':
      case '=':
      case '!': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length);
        if (data.length != length || in.read() != '\r' || in.read() != '\n') {
          throw new EOFException("Truncated bulk reply");
        }
        if (type == '!') {
          return new RedisError(new String(data, StandardCharsets.UTF_8));
        }
        if (type == '=') {
          String text = new String(data, StandardCharsets.UTF_8);
          return text.length() >= 4 ? text.substring(4) : text;
        }
        return binary ? data : new String(data, StandardCharsets.UTF_8);
      }
      case '*':
      case '~':
      case '>': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<@Nullable Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read(binary));
        }
        return items;
      }
      case '%': {
        int count = Integer.parseInt(line);
        Map<@Nullable Object, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          Object key = read(binary);
          map.put(key, read(binary));
        }
        return map;
      }
      case '_':
        return null;
      case '#':
        return "t".equals(line);
      case ',':
      case '(':
        return line;
      default:
        throw new IOException("Unexpected RESP type '" + (char) type + "'");
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("Connection closed by server");
      }
      if (b == '\r') {
        int next = in.read();
        if (next == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
        if (next == -1) {
          throw new EOFException("Connection closed by server");
        }
        line.write(next);
      } else {
        line.write(b);
      }
    }
  }

  private static void writeAscii(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
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
     * Connects through a unix domain socket instead of TCP (TLS and timeouts do not apply).
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
     * Sets the read timeout of each reply (default 5 s).
     *
     * @param timeout the read timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the TCP connect timeout (default 5 s).
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
      if (unixSocket != null) {
        SocketChannel channel = null;
        try {
          channel = SocketChannel.open(StandardProtocolFamily.UNIX);
          channel.connect(UnixDomainSocketAddress.of(unixSocket));
          return new RespClient(null, channel,
              new BufferedInputStream(Channels.newInputStream(channel)),
              new BufferedOutputStream(Channels.newOutputStream(channel)));
        } catch (IOException ex) {
          closeQuietly(channel);
          throw new UncheckedIOException("Could not connect to " + unixSocket, ex);
        }
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        if (sslContext != null) {
          SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory()
              .createSocket(socket, host, port, true);
          if (verifyHostname) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
          }
          ssl.setSoTimeout((int) timeout.toMillis());
          ssl.startHandshake();
          socket = ssl;
        }
        return new RespClient(socket, null, new BufferedInputStream(socket.getInputStream()),
            new BufferedOutputStream(socket.getOutputStream()));
      } catch (IOException ex) {
        closeQuietly(socket);
        throw new UncheckedIOException("Could not connect to " + host + ":" + port
            + (sslContext != null ? " (TLS)" : "") + ": " + ex.getMessage(), ex);
      }
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception ex) {
          // ignore
        }
      }
    }
  }
}

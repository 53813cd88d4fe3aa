package dev.cacheplatform.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process listening on a free loopback port, running in its own
 * temporary directory with a generated {@code redis.conf}. Every started process is registered
 * with a JVM shutdown hook that kills it forcibly, so it never outlives the test JVM.
 *
 * <p>Closing the handle stops the process and deletes its directory; use try-with-resources or
 * JUnit's {@code @AutoClose}.
 *
 * <pre>{@code
 * try (RedisServer server = RedisServer.builder().password("s3cret").start();
 *     RespClient client = server.client()) {
 *   client.set("k", "v");
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_PORT_ATTEMPTS = 5;

  private final Mode mode;

  private final @Nullable String password;

  private final @Nullable String aclUser;

  private final @Nullable String aclPassword;

  private final boolean persistence;

  private final boolean renameDangerousCommands;

  private final @Nullable TlsMaterial tls;

  private final boolean unixSocket;

  private final @Nullable Path includedConfig;

  private final List<String> extraLines;

  private final Path directory;

  private int port;

  private int busPort;

  private @Nullable Process process;

  private boolean paused;

  private boolean closed;

  private RedisServer(Builder builder, Path directory) {
    this.mode = builder.mode;
    this.password = builder.password;
    this.aclUser = builder.aclUser;
    this.aclPassword = builder.aclPassword;
    this.persistence = builder.persistence;
    this.renameDangerousCommands = builder.renameDangerousCommands;
    this.tls = builder.tls;
    this.unixSocket = builder.unixSocket;
    this.includedConfig = builder.configFile;
    this.extraLines = List.copyOf(builder.extraLines);
    this.directory = directory;
  }

  /**
   * Returns a builder for a standalone server.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder(Mode.STANDALONE);
  }

  static Builder builder(Mode mode) {
    return new Builder(mode);
  }

  /**
   * Returns the host the server listens on.
   *
   * @return always {@code "127.0.0.1"}
   */
  public String host() {
    return HOST;
  }

  /**
   * Returns the TCP port (the TLS port for a TLS server).
   *
   * @return the port
   */
  public synchronized int port() {
    return port;
  }

  /**
   * Returns the cluster bus port (cluster nodes only).
   *
   * @return the cluster bus port, or 0 for a non-cluster server
   */
  synchronized int busPort() {
    return busPort;
  }

  /**
   * Returns the unix socket file.
   *
   * @return the socket path
   * @throws IllegalStateException if the server was not built with {@link Builder#unixSocket()}
   */
  public Path socketPath() {
    if (!unixSocket) {
      throw new IllegalStateException("This server was not built with unixSocket()");
    }
    return directory.resolve("redis.sock");
  }

  /**
   * Returns the server's working directory (config, logs, AOF/RDB files).
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the server log file.
   *
   * @return the log file
   */
  public Path logFile() {
    return directory.resolve("redis.log");
  }

  /**
   * Returns whether the process is currently alive (possibly paused).
   *
   * @return {@code true} if running
   */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Returns the connection URL: {@code redis://} or {@code rediss://} (TLS), with user info when
   * authentication is configured ({@code redis://app:apppass@...} for an ACL user, else
   * {@code redis://:pw@...}), and no database path.
   *
   * @return the URL
   */
  public String url() {
    StringBuilder url = new StringBuilder(tls != null ? "rediss://" : "redis://");
    if (aclUser != null) {
      url.append(encode(aclUser)).append(':').append(encode(String.valueOf(aclPassword)))
          .append('@');
    } else if (password != null) {
      url.append(':').append(encode(password)).append('@');
    }
    return url.append(HOST).append(':').append(port()).toString();
  }

  /**
   * Opens a new client on database 0, authenticated as the ACL user if configured, else with the
   * password, and over TLS when enabled. The caller closes it.
   *
   * @return a connected client
   */
  public RespClient client() {
    return client(0);
  }

  /**
   * Opens a new client on the given database; see {@link #client()}.
   *
   * @param database the database to select
   * @return a connected client
   */
  public RespClient client(int database) {
    return clientBuilder().database(database).connect();
  }

  /**
   * Returns a client builder preconfigured like {@link #client()} (host, port, auth, TLS), e.g.
   * to set a short read timeout.
   *
   * @return a preconfigured builder
   */
  public RespClient.Builder clientBuilder() {
    RespClient.Builder builder = baseBuilder();
    if (aclUser != null) {
      builder.user(aclUser, aclPassword);
    } else {
      builder.password(password);
    }
    return builder;
  }

  /**
   * Builder for administrative connections: the {@code default} user (with the password when
   * set), which has all permissions.
   */
  RespClient.Builder adminClientBuilder() {
    return baseBuilder().password(password);
  }

  RespClient adminClient() {
    return adminClientBuilder().connect();
  }

  private RespClient.Builder baseBuilder() {
    return RespClient.builder()
        .host(HOST)
        .port(port())
        .sslContext(tls != null ? tls.trustStoreSslContext() : null);
  }

  /**
   * Returns {@code INFO commandstats} as command name (lowercase, subcommands as
   * {@code "client|setname"}) to number of calls. Note that the support code's own commands
   * ({@code auth}, {@code ping}, {@code info}, {@code scan}, ...) are counted too.
   *
   * @return calls per command
   */
  public Map<String, Long> commandStats() {
    String info;
    try (RespClient client = adminClient()) {
      info = client.info("commandstats");
    }
    Map<String, Long> stats = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = line.substring("cmdstat_".length(), colon).toLowerCase(java.util.Locale.ROOT);
      for (String field : line.substring(colon + 1).split(",")) {
        if (field.startsWith("calls=")) {
          stats.put(name, Long.parseLong(field.substring("calls=".length())));
        }
      }
    }
    return stats;
  }

  /**
   * Resets the server statistics with {@code CONFIG RESETSTAT}.
   *
   * @throws IllegalStateException if {@code CONFIG} is renamed away on this server
   */
  public void resetStats() {
    if (renameDangerousCommands) {
      throw new IllegalStateException("CONFIG is renamed away on this server "
          + "(renameDangerousCommands()), so CONFIG RESETSTAT is not available");
    }
    try (RespClient client = adminClient()) {
      client.command("CONFIG", "RESETSTAT");
    } catch (RespClient.RedisError ex) {
      throw new IllegalStateException("CONFIG RESETSTAT failed (is CONFIG renamed away?): "
          + ex.getMessage(), ex);
    }
  }

  /**
   * Returns all keys of a database, using {@code SCAN} (never {@code KEYS}).
   *
   * @param database the database index
   * @return the keys, sorted
   */
  public List<String> keys(int database) {
    List<String> keys = new ArrayList<>();
    try (RespClient client = adminClientBuilder().database(database).connect()) {
      String cursor = "0";
      do {
        List<?> reply = (List<?>) client.command("SCAN", cursor, "COUNT", "1000");
        cursor = String.valueOf(reply.get(0));
        for (Object key : (List<?>) reply.get(1)) {
          keys.add(String.valueOf(key));
        }
      } while (!"0".equals(cursor));
    }
    Collections.sort(keys);
    return keys;
  }

  /**
   * Stops the server gracefully ({@code SHUTDOWN NOSAVE}, or {@code SHUTDOWN} with persistence)
   * and waits for the process to exit, killing it if it does not within 10 s. The directory is
   * kept, so the server can be {@link #restart() restarted}. Does nothing if not running.
   */
  public synchronized void stop() {
    Process current = process;
    if (current == null) {
      return;
    }
    if (current.isAlive()) {
      if (paused) {
        signal(current, "CONT");
        paused = false;
      }
      try (RespClient client = adminClientBuilder().timeout(STOP_TIMEOUT).connect()) {
        if (persistence) {
          client.command("SHUTDOWN");
        } else {
          client.command("SHUTDOWN", "NOSAVE");
        }
      } catch (UncheckedIOException | RespClient.RedisError ex) {
        // the connection is closed by a successful SHUTDOWN; errors fall back to SIGKILL below
      }
      awaitExit(current, STOP_TIMEOUT);
    }
    ProcessRegistry.unregister(current);
    process = null;
    paused = false;
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly()}), keeping its directory so
   * it can be {@link #restart() restarted}. Does nothing if not running.
   */
  public synchronized void kill() {
    Process current = process;
    if (current == null) {
      return;
    }
    current.destroyForcibly();
    awaitExit(current, STOP_TIMEOUT);
    ProcessRegistry.unregister(current);
    process = null;
    paused = false;
  }

  /**
   * Starts the server again on the same port and directory (stopping it first if it is running)
   * and waits until it answers {@code PING}.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("Server is closed");
    }
    stop();
    launch(false);
  }

  /** Freezes the process with SIGSTOP: connections are accepted but never answered. */
  public synchronized void pause() {
    Process current = requireRunning();
    if (!paused) {
      signal(current, "STOP");
      paused = true;
    }
  }

  /** Resumes a {@link #pause() paused} process with SIGCONT. */
  public synchronized void resume() {
    Process current = requireRunning();
    if (paused) {
      signal(current, "CONT");
      paused = false;
    }
  }

  /** Stops the server if running and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      kill();
      Ports.release(port);
      Ports.release(busPort);
      ProcessRegistry.deleteRecursively(directory);
      ProcessRegistry.unregisterDirectory(directory);
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + HOST + ":"
        + port + (tls != null ? " tls" : "") + ", dir=" + directory + "]";
  }

  private Process requireRunning() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("Server is not running: " + this);
    }
    return current;
  }

  // ---------------------------------------------------------------------------------- startup

  private static RedisServer start(Builder builder) {
    Path directory;
    try {
      directory = Files.createTempDirectory(baseDirectory(), "redis-");
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not create a server directory", ex);
    }
    ProcessRegistry.registerDirectory(directory);
    RedisServer server = new RedisServer(builder, directory);
    try {
      synchronized (server) {
        server.launch(true);
      }
      return server;
    } catch (RuntimeException | Error ex) {
      server.close();
      throw ex;
    }
  }

  /** Short base directory, so that unix socket paths stay below the 104/108 byte limit. */
  private static Path baseDirectory() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path shortTmp = Path.of("/tmp");
    if (tmp.toString().length() > 40 && Files.isDirectory(shortTmp)
        && Files.isWritable(shortTmp)) {
      return shortTmp;
    }
    return tmp;
  }

  /**
   * Starts the process and waits for it. With {@code newPorts} free ports are picked (again on
   * every "Address already in use"); otherwise the current ports are retried for a few seconds.
   */
  private void launch(boolean newPorts) {
    Path binary = RedisBinary.path();
    int attempts = newPorts ? MAX_PORT_ATTEMPTS : 10;
    StartupFailure last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (newPorts) {
        Ports.release(port);
        Ports.release(busPort);
        port = Ports.reserve();
        busPort = (mode == Mode.CLUSTER) ? Ports.reserve() : 0;
        writeConfig();
      } else if (!Files.exists(configFile())) {
        writeConfig();
      }
      try {
        startProcess(binary);
        return;
      } catch (StartupFailure ex) {
        last = ex;
        if (!ex.addressInUse) {
          throw new IllegalStateException(ex.getMessage());
        }
        if (!newPorts) {
          sleep(300);
        }
      }
    }
    throw new IllegalStateException("Could not start redis-server after " + attempts
        + " attempts: " + last.getMessage());
  }

  private void startProcess(Path binary) throws StartupFailure {
    Path stdout = directory.resolve("stdout.log");
    long logOffset = size(logFile());
    long stdoutOffset = size(stdout);
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add(configFile().toString());
    if (mode == Mode.SENTINEL) {
      command.add("--sentinel");
    }
    Process started;
    try {
      started = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(stdout.toFile()))
          .redirectInput(Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not start " + command, ex);
    }
    ProcessRegistry.register(started);
    process = started;
    paused = false;
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String lastProblem = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        ProcessRegistry.unregister(started);
        process = null;
        String tail = tail(logFile(), logOffset) + tail(stdout, stdoutOffset);
        throw new StartupFailure(isBindFailure(tail),
            "redis-server exited with code " + started.exitValue() + " on port " + port
                + ". Log tail:\n" + tail);
      }
      try (RespClient client = adminClientBuilder()
          .connectTimeout(Duration.ofMillis(500))
          .timeout(Duration.ofSeconds(2))
          .connect()) {
        if ("PONG".equals(client.command("PING"))) {
          String info = client.info("server");
          if (info.contains("process_id:" + started.pid() + "\r\n")
              || info.contains("process_id:" + started.pid() + "\n")) {
            return;
          }
          lastProblem = "another process answers on port " + port;
        }
      } catch (UncheckedIOException | RespClient.RedisError ex) {
        lastProblem = ex.getMessage();
      }
      sleep(25);
    }
    started.destroyForcibly();
    awaitExit(started, STOP_TIMEOUT);
    ProcessRegistry.unregister(started);
    process = null;
    String tail = tail(logFile(), logOffset) + tail(stdout, stdoutOffset);
    throw new StartupFailure(isBindFailure(tail),
        "redis-server did not answer PING within " + STARTUP_TIMEOUT.toSeconds() + " s on port "
            + port + " (" + lastProblem + "). Log tail:\n" + tail);
  }

  /**
   * Whether the log says a listening socket could not be bound (glibc says "Address already in
   * use", the musl-based embedded binary "Address in use").
   */
  private static boolean isBindFailure(String log) {
    return log.contains("Address already in use") || log.contains("Address in use")
        || log.contains("Failed listening on port");
  }

  private Path configFile() {
    return directory.resolve(mode == Mode.SENTINEL ? "sentinel.conf" : "redis.conf");
  }

  private void writeConfig() {
    List<String> lines = new ArrayList<>();
    lines.add("# generated by cache-platform test-support");
    if (includedConfig != null) {
      // first, so that every directive below (port, bind, dir, ...) overrides the file's
      lines.add("include " + quote(includedConfig.toAbsolutePath().toString()));
    }
    lines.add("bind " + HOST);
    if (tls != null) {
      lines.add("port 0");
      lines.add("tls-port " + port);
      lines.add("tls-cert-file " + quote(tls.serverCertificate().toString()));
      lines.add("tls-key-file " + quote(tls.serverKey().toString()));
      lines.add("tls-ca-cert-file " + quote(tls.caCertificate().toString()));
      lines.add("tls-auth-clients no");
    } else {
      lines.add("port " + port);
    }
    lines.add("daemonize no");
    lines.add("dir " + quote(directory.toString()));
    lines.add("logfile " + quote(logFile().toString()));
    if (mode != Mode.SENTINEL) {
      if (persistence) {
        lines.add("appendonly yes");
        lines.add("appendfsync everysec");
        lines.add("save 1 1");
      } else if (includedConfig == null) {
        lines.add("save \"\"");
        lines.add("appendonly no");
      }
      lines.add("enable-debug-command local");
    }
    if (unixSocket) {
      lines.add("unixsocket " + quote(socketPath().toString()));
      lines.add("unixsocketperm 700");
    }
    if (password != null) {
      lines.add("requirepass " + quote(password));
    }
    if (aclUser != null) {
      lines.add("user " + quote(aclUser) + " on " + quote(">" + aclPassword) + " ~* &* +@all");
    }
    if (renameDangerousCommands) {
      for (String command : List.of("KEYS", "FLUSHDB", "FLUSHALL", "CONFIG")) {
        lines.add("rename-command " + command + " \"\"");
      }
    }
    if (mode == Mode.CLUSTER) {
      lines.add("cluster-enabled yes");
      lines.add("cluster-config-file nodes.conf");
      lines.add("cluster-node-timeout 2000");
      lines.add("cluster-port " + busPort);
    }
    lines.addAll(extraLines);
    try {
      Files.write(configFile(), lines, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not write " + configFile(), ex);
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  /** Quotes a config value for redis.conf (double quotes, backslash escapes). */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }

  private static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }

  private static void signal(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not run kill -" + signal, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
  }

  private static void awaitExit(Process process, Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException ex) {
      return 0;
    }
  }

  /** Returns the last 30 lines written to a file after the given offset. */
  private static String tail(Path file, long offset) {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(offset, raf.length() - 16 * 1024);
      byte[] data = new byte[(int) Math.max(0, raf.length() - start)];
      raf.seek(start);
      raf.readFully(data);
      String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
      StringBuilder tail = new StringBuilder();
      for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) {
        tail.append(lines[i]).append('\n');
      }
      return tail.toString();
    } catch (IOException ex) {
      return "(could not read " + file + ": " + ex.getMessage() + ")\n";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
  }

  /** The kind of process. */
  enum Mode {
    STANDALONE, CLUSTER, SENTINEL
  }

  private static final class StartupFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean addressInUse;

    StartupFailure(boolean addressInUse, String message) {
      super(message, null, false, false);
      this.addressInUse = addressInUse;
    }
  }

  /** Builder for {@link RedisServer}; {@link #start()} launches the process. */
  public static final class Builder {

    private final Mode mode;

    private @Nullable String password;

    private @Nullable String aclUser;

    private @Nullable String aclPassword;

    private boolean persistence;

    private boolean renameDangerousCommands;

    private @Nullable TlsMaterial tls;

    private boolean unixSocket;

    private @Nullable Path configFile;

    private final List<String> extraLines = new ArrayList<>();

    private Builder(Mode mode) {
      this.mode = mode;
    }

    /**
     * Requires a password for the {@code default} user ({@code requirepass}).
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Adds an ACL user with all permissions
     * ({@code user <name> on ><password> ~* &* +@all}); {@link #client()} and {@link #url()}
     * then authenticate as this user.
     *
     * @param user the user name
     * @param password the user's password
     * @return this builder
     */
    public Builder aclUser(String user, String password) {
      this.aclUser = user;
      this.aclPassword = password;
      return this;
    }

    /**
     * Enables persistence ({@code appendonly yes}, {@code appendfsync everysec},
     * {@code save 1 1}), so data survives {@link RedisServer#kill()} and
     * {@link RedisServer#restart()}.
     *
     * @return this builder
     */
    public Builder persistence() {
      this.persistence = true;
      return this;
    }

    /**
     * Renames {@code KEYS}, {@code FLUSHDB}, {@code FLUSHALL} and {@code CONFIG} away, like
     * hardened production servers.
     *
     * @return this builder
     */
    public Builder renameDangerousCommands() {
      this.renameDangerousCommands = true;
      return this;
    }

    /**
     * Serves TLS only ({@code port 0} plus {@code tls-port}), with the server certificate of the
     * given material and no client certificates required.
     *
     * @param material the TLS material
     * @return this builder
     */
    public Builder tls(TlsMaterial material) {
      this.tls = material;
      return this;
    }

    /**
     * Also listens on {@code <dir>/redis.sock} (permissions 700); the TCP port stays open.
     *
     * @return this builder
     */
    public Builder unixSocket() {
      this.unixSocket = true;
      return this;
    }

    /**
     * Adds a config directive. The value is written verbatim (so multi-argument directives such
     * as {@code config("save", "60 1")} work); an empty value is written as {@code ""}.
     *
     * @param name the directive, e.g. {@code "maxmemory"}
     * @param value the value, e.g. {@code "10mb"}
     * @return this builder
     */
    public Builder config(String name, String value) {
      extraLines.add(name + " " + (value.isEmpty() ? "\"\"" : value));
      return this;
    }

    /**
     * Loads a {@code redis.conf} of your own first ({@code include} as the first line), the way
     * {@code redis-server file.conf --port N --dir X} does: the server's own location directives
     * ({@code bind}, {@code port}, {@code dir}, {@code logfile}, TLS) and those of this builder
     * ({@link #password(String)}, {@link #config(String, String)}, ...) are written after it and
     * win. Persistence is left as the file sets it (unless {@link #persistence()} is called), so
     * the file's {@code save} and {@code appendonly} take effect. The file must not set
     * {@code dir} to a directory that does not exist here: Redis changes into it while loading.
     *
     * @param file the configuration file
     * @return this builder
     * @throws IllegalArgumentException if the file does not exist
     */
    public Builder configFile(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("No such redis.conf: " + file.toAbsolutePath());
      }
      this.configFile = file;
      return this;
    }

    /** Adds a preformatted config line. */
    Builder line(String line) {
      extraLines.add(line);
      return this;
    }

    /**
     * Starts the server and waits until it answers {@code PING}.
     *
     * @return the running server
     * @throws IllegalStateException if it does not start within 10 s (with the log tail)
     */
    public RedisServer start() {
      return RedisServer.start(this);
    }
  }
}

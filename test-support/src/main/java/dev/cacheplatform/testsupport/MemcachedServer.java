package dev.cacheplatform.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code memcached} process (the binary on the {@code PATH}, e.g. Debian's {@code memcached}
 * package) listening on a free loopback port. Like {@link RedisServer}, every started process is
 * registered with a JVM shutdown hook that kills it, and it can be stopped, killed, frozen
 * ({@code SIGSTOP}) and resumed to test how clients behave.
 *
 * <p>Where no binary is installed, {@link #assumeInstalled()} skips the calling test with a message
 * saying how to get one; the GitHub workflow installs it and fails if a memcached test was skipped.
 *
 * <p>The helpers talk the text protocol over a plain socket: {@code version}, {@code stats},
 * {@code stats settings}, {@code get}, {@code set}, {@code mg <key> t} (the remaining TTL).
 */
public final class MemcachedServer implements AutoCloseable {

  /** What a skipped test says. */
  public static final String NOT_INSTALLED =
      "memcached is not installed (apt-get install memcached), so the memcached tests are skipped";

  /** What a skipped SASL test says. */
  public static final String NO_SASLPASSWD2 =
      "saslpasswd2 is not installed (apt-get install sasl2-bin), so the memcached SASL test is skipped";

  static final String HOST = "127.0.0.1";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

  /** What {@link #metadump} answers when the server does not know the walk asked for: compared by identity. */
  private static final List<String> UNKNOWN_WALK = Collections.unmodifiableList(new ArrayList<>());

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final int maxItemSizeKilobytes;

  private final Path directory;

  private int port;

  private @Nullable Process process;

  private boolean paused;

  /** {@code user:password} of the SASL password file, or {@code null} for a server without SASL. */
  private final @Nullable String saslCredentials;

  private MemcachedServer(int maxItemSizeKilobytes, Path directory) {
    this(maxItemSizeKilobytes, directory, null);
  }

  private MemcachedServer(int maxItemSizeKilobytes, Path directory, @Nullable String saslCredentials) {
    this.maxItemSizeKilobytes = maxItemSizeKilobytes;
    this.directory = directory;
    this.saslCredentials = saslCredentials;
  }

  /**
   * Skips the calling test (a JUnit assumption) when no {@code memcached} binary is on the
   * {@code PATH}.
   */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(binary() != null, NOT_INSTALLED);
  }

  /**
   * Starts a server with the default item size limit (1 MB).
   *
   * @return the running server
   */
  public static MemcachedServer start() {
    return start(1024);
  }

  /**
   * Starts a server.
   *
   * @param maxItemSizeKilobytes the item size limit ({@code -I}), in kilobytes
   * @return the running server
   */
  public static MemcachedServer start(int maxItemSizeKilobytes) {
    return start(maxItemSizeKilobytes, null);
  }

  /**
   * Starts a server that requires SASL PLAIN authentication ({@code -S}, against a Cyrus SASL database
   * written with {@code saslpasswd2}; skipped without it) and so only speaks the binary protocol. The text-protocol
   * helpers of this class ({@link #stats}, {@link #get}, {@link #keys}...) do not work on it.
   *
   * @param username the one user
   * @param password its password
   * @return the running server
   */
  public static MemcachedServer startWithSasl(String username, String password) {
    Assumptions.assumeTrue(saslpasswd2() != null, NO_SASLPASSWD2);
    return start(1024, username + ":" + password);
  }

  /** @return Cyrus SASL's saslpasswd2, or {@code null} when it is not installed */
  static @Nullable Path saslpasswd2() {
    for (String candidate : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
      Path binary = Path.of(candidate, "saslpasswd2");
      if (Files.isExecutable(binary)) {
        return binary;
      }
    }
    return null;
  }

  private static MemcachedServer start(int maxItemSizeKilobytes, @Nullable String saslCredentials) {
    assumeInstalled();
    Path directory;
    try {
      directory = Files.createTempDirectory("memcached-");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    ProcessRegistry.registerDirectory(directory);
    MemcachedServer server = new MemcachedServer(maxItemSizeKilobytes, directory, saslCredentials);
    server.launch(Ports.reserve());
    return server;
  }

  /** @return the path of the binary, or {@code null} when none is installed */
  static @Nullable Path binary() {
    String path = System.getenv("PATH");
    List<String> directories = new ArrayList<>();
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.add("/usr/bin");
    directories.add("/usr/local/bin");
    for (String candidate : directories) {
      Path binary = Path.of(candidate, "memcached");
      if (Files.isExecutable(binary)) {
        return binary;
      }
    }
    return null;
  }

  /** @return always {@code "127.0.0.1"} */
  public String host() {
    return HOST;
  }

  /** @return the TCP port */
  public synchronized int port() {
    return port;
  }

  /** @return {@code host:port} */
  public String address() {
    return HOST + ":" + port();
  }

  /** @return {@code memcached://127.0.0.1:<port>} */
  public String url() {
    return "memcached://" + address();
  }

  /** @return whether the process is alive (possibly paused) */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process with SIGKILL: connections drop, nothing answers. */
  public synchronized void kill() {
    Process current = process;
    if (current == null) {
      return;
    }
    current.destroyForcibly();
    awaitExit(current);
    ProcessRegistry.unregister(current);
    process = null;
    paused = false;
  }

  /** Starts the process again on the same port, empty. */
  public synchronized void restart() {
    kill();
    launch(port);
  }

  /** Freezes the process with SIGSTOP: connections stay open but nothing is answered. */
  public synchronized void pause() {
    if (!paused) {
      Process current = requireRunning();
      signal(current, "STOP");
      awaitStopped(current);
      paused = true;
    }
  }

  // kill returns once the signal is sent; a worker thread may still answer what it had already read, so wait
  // (bounded) until the kernel shows every thread of the process stopped (state T in /proc/<pid>/task/*/stat)
  private static void awaitStopped(Process process) {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    if (!Files.isDirectory(tasks)) {
      return;
    }
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (var threads = Files.list(tasks)) {
        if (threads.allMatch(MemcachedServer::isStopped)) {
          return;
        }
      } catch (IOException ex) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("memcached " + process.pid() + " did not stop within " + STOP_TIMEOUT);
  }

  private static boolean isStopped(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      // pid (comm) state ...: the state follows the last ')'
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (IOException | RuntimeException ex) {
      return true; // the thread is gone
    }
  }

  /** Resumes a {@link #pause() paused} process with SIGCONT. */
  public synchronized void resume() {
    if (paused) {
      signal(requireRunning(), "CONT");
      paused = false;
    }
  }

  /**
   * Returns {@code stats} ({@code cmd_get}, {@code get_hits}, {@code cmd_set}, {@code cmd_flush},
   * {@code incr_hits}, ...).
   *
   * @return name to value
   */
  public Map<String, String> stats() {
    return statsOf("stats");
  }

  /**
   * Returns one counter of {@code stats} as a number.
   *
   * @param name e.g. {@code cmd_flush}
   * @return its value
   */
  public long stat(String name) {
    return Long.parseLong(stats().get(name));
  }

  /** @return {@code stats settings} ({@code item_size_max}, ...) */
  public Map<String, String> settings() {
    return statsOf("stats settings");
  }

  /**
   * Reads an item's value with {@code get}.
   *
   * @param key the key as the server names it
   * @return the value, or {@code null} when there is none
   */
  public byte @Nullable [] get(String key) {
    try (Socket socket = connect()) {
      send(socket, "get " + key + "\r\n");
      InputStream in = socket.getInputStream();
      String header = readLine(in);
      if (header.equals("END")) {
        return null;
      }
      String[] parts = header.split(" ");
      byte[] value = in.readNBytes(Integer.parseInt(parts[3]));
      readLine(in);
      readLine(in);
      return value;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Stores an item with {@code set}.
   *
   * @param key the key as the server names it
   * @param value the value
   * @param expiry the expiry as memcached takes it (seconds, or a unix time over 30 days)
   */
  public void set(String key, byte[] value, long expiry) {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(("set " + key + " 0 " + expiry + " " + value.length + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.write(value);
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      String reply = readLine(socket.getInputStream());
      if (!reply.equals("STORED")) {
        throw new IllegalStateException("set " + key + ": " + reply);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Returns an item's remaining time to live in seconds, with the meta command {@code mg <key> t}.
   *
   * @param key the key as the server names it
   * @return the seconds left, {@code -1} for no expiry, or {@code null} when there is no such item
   */
  public @Nullable Long ttlSeconds(String key) {
    try (Socket socket = connect()) {
      send(socket, "mg " + key + " t\r\n");
      String reply = readLine(socket.getInputStream());
      if (reply.startsWith("EN")) {
        return null;
      }
      for (String token : reply.split(" ")) {
        if (token.startsWith("t")) {
          return Long.parseLong(token.substring(1));
        }
      }
      throw new IllegalStateException("mg " + key + " t: " + reply);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Lists the keys the server holds, with {@code lru_crawler metadump hash} (a test helper; never
   * sent by the starter). The hash table holds every item once; {@code metadump all} walks the LRU
   * queues instead, and missed an item that memcached's LRU maintainer moved during the walk (one key
   * of three, once in a CI run). Servers before 1.6 have no {@code hash} and are asked for {@code
   * all}.
   *
   * @return the keys
   */
  public List<String> dumpedKeys() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String walk = "hash";
    while (true) {
      List<String> keys = metadump(walk);
      if (keys == UNKNOWN_WALK) {
        walk = "all";
        continue;
      }
      if (keys != null) {
        return keys;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("memcached's LRU crawler stayed busy");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(ex);
      }
    }
  }

  /**
   * One metadump, {@code null} when the crawler is busy with another request, or {@link
   * #UNKNOWN_WALK} when the server does not know the walk.
   */
  private @Nullable List<String> metadump(String walk) {
    List<String> keys = new ArrayList<>();
    try (Socket socket = connect()) {
      send(socket, "lru_crawler metadump " + walk + "\r\n");
      InputStream in = socket.getInputStream();
      for (String line = readLine(in); !line.equals("END"); line = readLine(in)) {
        if (line.startsWith("CLIENT_ERROR") && !walk.equals("all")) {
          return UNKNOWN_WALK;
        }
        if (line.startsWith("BUSY") || line.startsWith("ERROR")) {
          return null;
        }
        if (line.startsWith("key=")) {
          String key = line.substring(4, line.indexOf(' '));
          keys.add(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return keys;
  }

  @Override
  public synchronized void close() {
    kill();
    ProcessRegistry.deleteRecursively(directory);
    ProcessRegistry.unregisterDirectory(directory);
  }

  @Override
  public String toString() {
    return "MemcachedServer[" + HOST + ":" + port + ", -I " + maxItemSizeKilobytes + "k]";
  }

  private Map<String, String> statsOf(String command) {
    Map<String, String> stats = new LinkedHashMap<>();
    try (Socket socket = connect()) {
      send(socket, command + "\r\n");
      InputStream in = socket.getInputStream();
      for (String line = readLine(in); !line.equals("END"); line = readLine(in)) {
        String[] parts = line.split(" ", 3);
        if (parts.length == 3 && parts[0].equals("STAT")) {
          stats.put(parts[1], parts[2]);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return stats;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(HOST, port()), 2000);
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void send(Socket socket, String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  // Lines end in \r\n, except metadump's, which end in \n
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next != -1; next = in.read()) {
      if (next == '\n') {
        byte[] bytes = line.toByteArray();
        int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      line.write(next);
    }
    throw new IOException("memcached closed the connection");
  }

  private synchronized void launch(int port) {
    Path binary = binary();
    if (binary == null) {
      throw new IllegalStateException(NOT_INSTALLED);
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", HOST,
        "-p", Integer.toString(port), "-U", "0", "-m", "64", "-t", "2", "-c", "1024",
        "-I", maxItemSizeKilobytes + "k"));
    if (maxItemSizeKilobytes < 1024) {
      // memcached refuses a slab chunk (512 KB by default) larger than the item size limit
      command.add("-o");
      command.add("slab_chunk_max=" + Math.max(1024, maxItemSizeKilobytes * 1024 / 2));
    }
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("-u");
      command.add("root");
    }
    if (saslCredentials != null) {
      command.add("-S");
    }
    Path log = directory.resolve("memcached.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    if (saslCredentials != null) {
      builder.environment().putAll(saslFiles());
    }
    Process started;
    try {
      started = builder.start();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not start " + binary, ex);
    }
    ProcessRegistry.register(started);
    this.port = port;
    this.process = started;
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException("memcached exited at startup: " + tail(log));
      }
      try (Socket socket = connect()) {
        if (saslCredentials != null ? answersBinaryVersion(socket)
            : answersTextVersion(socket)) {
          return;
        }
      } catch (IOException ex) {
        // not listening yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting memcached", ex);
      }
    }
    throw new IllegalStateException("memcached did not answer within " + STARTUP_TIMEOUT + ": "
        + tail(log));
  }

  private static boolean answersTextVersion(Socket socket) throws IOException {
    send(socket, "version\r\n");
    return readLine(socket.getInputStream()).startsWith("VERSION");
  }

  // A SASL server answers only the binary protocol before authentication: VERSION (opcode 0x0b)
  private static boolean answersBinaryVersion(Socket socket) throws IOException {
    byte[] request = new byte[24];
    request[0] = (byte) 0x80;
    request[1] = 0x0b;
    socket.getOutputStream().write(request);
    socket.getOutputStream().flush();
    return socket.getInputStream().read() == 0x81;
  }

  // A Cyrus SASL database made by saslpasswd2 and a configuration that allows PLAIN against it
  private Map<String, String> saslFiles() {
    String[] credentials = saslCredentials.split(":", 2);
    try {
      Path config = Files.createDirectories(directory.resolve("sasl"));
      Path database = config.resolve("sasldb2");
      Process create = new ProcessBuilder(saslpasswd2().toString(), "-p", "-c", "-a", "memcached", "-f",
          database.toString(), credentials[0]).redirectErrorStream(true).start();
      create.getOutputStream().write(credentials[1].getBytes(StandardCharsets.UTF_8));
      create.getOutputStream().close();
      if (!create.waitFor(10, TimeUnit.SECONDS) || create.exitValue() != 0) {
        throw new IllegalStateException("saslpasswd2 failed: "
            + new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      Files.writeString(config.resolve("memcached.conf"),
          "mech_list: plain\nsasldb_path: " + database + "\n");
      return Map.of("SASL_CONF_PATH", config.toString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing the SASL database", ex);
    }
  }

  private static String tail(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException ex) {
      return "";
    }
  }

  private Process requireRunning() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("Server is not running: " + this);
    }
    return current;
  }

  private static void signal(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not run kill -" + signal, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private static void awaitExit(Process process) {
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}

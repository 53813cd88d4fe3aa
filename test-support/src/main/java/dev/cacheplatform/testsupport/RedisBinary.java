package dev.cacheplatform.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Locates a {@code redis-server} executable: a {@code redis-server} of major version 7 or newer on
 * the {@code PATH}, otherwise the binary bundled in the {@code org.signal:embedded-redis} jar,
 * extracted once to {@code ${java.io.tmpdir}/cache-platform-redis/<content-hash>/redis-server}.
 *
 * <p>The system property {@value #BINARY_PROPERTY} forces a specific executable.
 */
public final class RedisBinary {

  /** System property naming an explicit {@code redis-server} executable to use. */
  public static final String BINARY_PROPERTY = "cacheplatform.redis.server";

  private static final String EMBEDDED_VERSION = "7.0.15";

  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");

  private static volatile @Nullable Path cached;

  private RedisBinary() {}

  /**
   * Returns the {@code redis-server} executable to use, resolving (and extracting) it on first
   * call.
   *
   * @return the path of an executable {@code redis-server}
   */
  public static Path path() {
    Path result = cached;
    if (result == null) {
      synchronized (RedisBinary.class) {
        result = cached;
        if (result == null) {
          result = resolve();
          cached = result;
        }
      }
    }
    return result;
  }

  private static Path resolve() {
    String explicit = System.getProperty(BINARY_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_PROPERTY + " points to " + path
            + " which is not an executable file");
      }
      return path;
    }
    Path onPath = findOnPath();
    return (onPath != null) ? onPath : extractEmbedded();
  }

  private static @Nullable Path findOnPath() {
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return null;
    }
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)
          && majorVersion(candidate) >= 7) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs {@code <binary> --version} and returns the major version, or -1 if unknown. */
  static int majorVersion(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version")
          .redirectErrorStream(true)
          .start();
      byte[] output;
      try (InputStream in = process.getInputStream()) {
        output = in.readNBytes(4096);
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      Matcher matcher = VERSION.matcher(new String(output, StandardCharsets.UTF_8));
      return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    } catch (IOException ex) {
      return -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Returns the name of the embedded-redis resource for the current OS and architecture. */
  static String resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart;
    if (os.contains("linux")) {
      osPart = "linux";
    } else if (os.contains("mac") || os.contains("darwin")) {
      osPart = "darwin";
    } else {
      throw new IllegalStateException("No embedded redis-server for os.name=" + os
          + "; install redis-server >= 7 on the PATH");
    }
    String archPart;
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      archPart = "amd64";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      archPart = "arm64";
    } else {
      throw new IllegalStateException("No embedded redis-server for os.arch=" + arch
          + "; install redis-server >= 7 on the PATH");
    }
    return "redis-server-" + EMBEDDED_VERSION + "-" + osPart + "-" + archPart;
  }

  private static Path extractEmbedded() {
    String resource = resourceName();
    byte[] content;
    try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + resource
            + " not found; is org.signal:embedded-redis on the classpath?");
      }
      content = in.readAllBytes();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not read " + resource, ex);
    }
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), "cache-platform-redis",
        resource + "-" + sha256(content).substring(0, 16));
    Path target = directory.resolve("redis-server");
    try {
      if (Files.isRegularFile(target) && Files.size(target) == content.length
          && Files.isExecutable(target)) {
        return target;
      }
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "redis-server-", ".tmp");
      try {
        Files.write(temp, content);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return target;
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not extract " + resource + " to " + target, ex);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}

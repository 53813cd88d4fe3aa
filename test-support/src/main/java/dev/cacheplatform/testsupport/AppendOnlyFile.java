package dev.cacheplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Waits for writes to reach a {@link RedisServer.Builder#persistence() persistent} server's
 * append-only file, so a test can {@link RedisServer#kill() SIGKILL} the server knowing which
 * writes must survive, instead of sleeping past {@code appendfsync everysec}.
 *
 * <p>Once a write is in the file (the page cache) a SIGKILL of the process cannot lose it. Redis
 * appends commands in the order it executed them, so when a marker written now is in the file,
 * every earlier write is too: {@link #awaitEarlierWrites(RedisServer)} sends {@code SET} and
 * {@code DEL} of a unique marker key for that. Nothing else is sent to the server.
 */
public final class AppendOnlyFile {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private AppendOnlyFile() {}

  /**
   * Waits until every write the server executed before this call is in its append-only file.
   *
   * @param server a server started with persistence
   * @throws IllegalStateException if that does not happen within 5 s
   */
  public static void awaitEarlierWrites(RedisServer server) {
    String marker = "test-support:aof-marker:" + UUID.randomUUID();
    try (RespClient client = server.client()) {
      client.command("SET", marker, "1");
      client.command("DEL", marker);
    }
    await(server.directory(), marker, 2);
  }

  /**
   * Waits until the server's append-only file contains the given text (e.g. a key).
   *
   * @param server a server started with persistence
   * @param text the text, compared as ISO-8859-1 bytes
   * @throws IllegalStateException if that does not happen within 5 s
   */
  public static void awaitContains(RedisServer server, String text) {
    await(server.directory(), text, 1);
  }

  /**
   * Returns whether the append-only file in a server directory contains the given text.
   *
   * @param directory the server's working directory
   * @param text the text, compared as ISO-8859-1 bytes
   * @return {@code true} if any file of {@code appendonlydir} contains it
   */
  public static boolean contains(Path directory, String text) {
    return occurrences(directory, text) > 0;
  }

  private static void await(Path directory, String text, int times) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (occurrences(directory, text) < times) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The append-only file in " + directory + " did not contain '"
            + text + "' " + times + " time(s) within " + TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the append-only file", ex);
      }
    }
  }

  private static int occurrences(Path directory, String text) {
    Path aofDirectory = directory.resolve("appendonlydir");
    if (!Files.isDirectory(aofDirectory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(aofDirectory)) {
      return files.mapToInt((file) -> count(read(file), text)).sum();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not list " + aofDirectory, ex);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException ex) {
      // rewritten or removed by an AOF rewrite while listing: the next poll sees the new file
      return "";
    }
  }

  private static int count(String content, String text) {
    int count = 0;
    for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + text.length())) {
      count++;
    }
    return count;
  }
}

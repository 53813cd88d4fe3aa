package dev.cacheplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * JVM-wide registry of every started process and every created temporary directory. A shutdown
 * hook kills the processes forcibly and deletes the directories, so nothing outlives the test JVM.
 */
final class ProcessRegistry {

  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ProcessRegistry::cleanUp, "cache-platform-redis-cleanup"));
  }

  private ProcessRegistry() {}

  static void register(Process process) {
    PROCESSES.add(process);
  }

  static void unregister(Process process) {
    PROCESSES.remove(process);
  }

  static void registerDirectory(Path directory) {
    DIRECTORIES.add(directory);
  }

  static void unregisterDirectory(Path directory) {
    DIRECTORIES.remove(directory);
  }

  private static void cleanUp() {
    List<Process> processes = new ArrayList<>(PROCESSES);
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path directory : DIRECTORIES) {
      try {
        deleteRecursively(directory);
      } catch (RuntimeException ex) {
        // best effort during JVM shutdown
      }
    }
  }

  /** Deletes a directory tree; a missing directory is not an error. */
  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
              if (ex instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw ex;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException ex)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not delete " + root, ex);
    }
  }
}

package dev.cacheplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out free loopback ports. A port is never handed out twice in one JVM, not even after its
 * server closed: a client of a closed server (an application context of an earlier test class,
 * still reconnecting and replaying a clear) must never reach a later test's server on a reused
 * port. A killed server can still be restarted on its port; collisions with other processes are
 * handled by the callers retrying on "Address already in use".
 */
final class Ports {

  private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

  private Ports() {}

  static int reserve() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        port = socket.getLocalPort();
      } catch (IOException ex) {
        throw new UncheckedIOException("Could not find a free loopback port", ex);
      }
      if (RESERVED.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("Could not find a free loopback port");
  }

  /** Kept for callers: a closed server's port stays reserved for the rest of the JVM's life. */
  static void release(int port) {
    // Deliberately nothing: see the class comment
  }
}

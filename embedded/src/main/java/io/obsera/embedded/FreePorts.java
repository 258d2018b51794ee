package io.obsera.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.function.IntSupplier;

/** Port helpers for servers started on 127.0.0.1 or another local address. */
final class FreePorts {
  /** How many automatically chosen ports are tried before giving up. */
  static final int ATTEMPTS = 10;

  private FreePorts() {}

  /**
   * The port a server will listen on. A configured port (not 0) is checked and returned as it is;
   * for 0 a port the kernel offers is taken, and if something binds it before it could be checked
   * (ports the kernel offers are also the ones outgoing connections use), another one is tried.
   *
   * @param taken ports this server already uses for another listener; never chosen again
   * @throws EmbeddedServerException naming {@code what} and the port when a configured port is in
   *     use, or when {@value #ATTEMPTS} offered ports were all taken
   */
  static int claim(String what, String host, int port, Set<Integer> taken) {
    return claim(what, host, port, taken, () -> resolve(host, 0));
  }

  static int claim(String what, String host, int port, Set<Integer> taken, IntSupplier offered) {
    if (port != 0) {
      requireFree(what, host, port);
      return port;
    }
    EmbeddedServerException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int candidate = offered.getAsInt();
      if (taken.contains(candidate)) {
        continue;
      }
      try {
        requireFree(what, host, candidate);
        return candidate;
      } catch (EmbeddedServerException e) {
        last = e;
      }
    }
    throw new EmbeddedServerException(
        "no free "
            + what
            + " port on "
            + host
            + " after "
            + ATTEMPTS
            + " tries"
            + (last == null ? "" : ": " + last.getMessage()));
  }

  /** Returns {@code port}, or a port that is free right now on {@code host} if it is 0. */
  static int resolve(String host, int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** Fails with a message naming the port if something already listens on it. */
  static void requireFree(String what, String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new EmbeddedServerException(
          what
              + " port "
              + port
              + " on "
              + host
              + " is already in use (another server may be running): "
              + e.getMessage());
    }
  }
}

package io.obsera.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers for servers started on 127.0.0.1 or another local address. */
final class FreePorts {
  private FreePorts() {}

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

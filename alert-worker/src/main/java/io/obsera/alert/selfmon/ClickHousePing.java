package io.obsera.alert.selfmon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * ClickHouse's {@code GET /ping} (answers {@code Ok.} without credentials), HTTP/1.0 on a
 * connection of its own closed right after: a pooled keep-alive connection would hold up the
 * server's shutdown.
 */
final class ClickHousePing {
  private static final int TIMEOUT_MS = 3000;

  private final URI url;

  ClickHousePing(URI url) {
    this.url = url;
  }

  /** Null when ClickHouse answered {@code Ok.}, else why not. */
  String problem() {
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(url.getHost(), port), TIMEOUT_MS);
      plain.setSoTimeout(TIMEOUT_MS);
      Socket s =
          tls
              ? ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(plain, url.getHost(), port, true)
              : plain;
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /ping HTTP/1.0\r\nHost: " + url.getHost() + ":" + port + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readNBytes(512), StandardCharsets.UTF_8);
      if (reply.startsWith("HTTP/1.") && reply.contains(" 200 ") && reply.contains("Ok.")) {
        return null;
      }
      int eol = reply.indexOf('\r');
      return "unexpected answer to /ping: " + (eol > 0 ? reply.substring(0, eol) : reply);
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}

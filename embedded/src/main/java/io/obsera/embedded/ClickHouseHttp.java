package io.obsera.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal ClickHouse HTTP client for the queries of the server lifecycle. Each request is
 * HTTP/1.0 on its own connection, closed right after: an idle keep-alive connection would hold up
 * the server's shutdown for seconds.
 */
final class ClickHouseHttp {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** A reply: HTTP status and body. */
  record Reply(int status, String body) {
    boolean ok() {
      return status == 200;
    }
  }

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  ClickHouseHttp(String httpUrl, String user, String password) {
    URI uri = URI.create(httpUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.user = user;
    this.password = password;
  }

  /** Runs {@code sql} and returns the body, or throws with ClickHouse's error text. */
  String query(String sql) throws IOException {
    Reply reply = send(sql);
    if (!reply.ok()) {
      throw new IOException("HTTP " + reply.status() + ": " + reply.body().strip());
    }
    return reply.body();
  }

  /** Runs {@code sql} and returns whatever the server answered. */
  Reply send(String sql) throws IOException {
    return exchange("POST", "/", sql.getBytes(StandardCharsets.UTF_8));
  }

  /** Fetches a page such as {@code /play}. */
  Reply get(String path) throws IOException {
    return exchange("GET", path, new byte[0]);
  }

  private Reply exchange(String method, String path, byte[] body) throws IOException {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.0\r\n")
            .append("Host: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\n")
            .append("Content-Length: ")
            .append(body.length)
            .append("\r\n");
    if (user != null) {
      head.append("X-ClickHouse-User: ").append(user).append("\r\n");
      head.append("X-ClickHouse-Key: ").append(password).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Reply parse(String response) throws IOException {
    int headerEnd = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/") || headerEnd < 0) {
      throw new IOException("not an HTTP response: " + LogTail.of(response, 3));
    }
    String statusLine = response.substring(0, response.indexOf("\r\n"));
    String[] parts = statusLine.split(" ", 3);
    try {
      return new Reply(Integer.parseInt(parts[1]), response.substring(headerEnd + 4));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IOException("bad HTTP status line: " + statusLine, e);
    }
  }
}

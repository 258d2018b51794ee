package io.obsera.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP or HTTPS server on 127.0.0.1 for tests: records every request and answers with what
 * the test's responder says (status, headers, body, delay before answering).
 */
public final class LocalHttpServer implements AutoCloseable {
  /** A request as received. */
  public record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer. */
  public record Reply(int status, Map<String, String> headers, byte[] body, long delayMs) {
    public static Reply of(int status, String body) {
      return new Reply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8), 0);
    }

    public Reply delayed(long ms) {
      return new Reply(status, headers, body, ms);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, Map.copyOf(h), body, delayMs);
    }
  }

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Function<Seen, Reply> responder = s -> Reply.of(200, "ok");

  private LocalHttpServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public static LocalHttpServer http() {
    return http(0);
  }

  /** On {@code port} (0: any free port). */
  public static LocalHttpServer http(int port) {
    try {
      return new LocalHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LocalHttpServer https(SSLContext tls) {
    try {
      HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      return new LocalHttpServer(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LocalHttpServer respond(Function<Seen, Reply> r) {
    this.responder = r;
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code scheme://host:port + path} with {@code host} e.g. 127.0.0.1 or localhost. */
  public String url(String host, String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://" + host + ":" + port() + path;
  }

  public String url(String path) {
    return url("127.0.0.1", path);
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Seen s =
          new Seen(
              ex.getRequestMethod(),
              ex.getRequestURI().toString(),
              Map.copyOf(ex.getRequestHeaders()),
              ex.getRequestBody().readAllBytes());
      seen.add(s);
      Reply r = responder.apply(s);
      if (r.delayMs() > 0) {
        try {
          Thread.sleep(r.delayMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      boolean noBody = r.body().length == 0 || ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
      if (!noBody) {
        ex.getResponseBody().write(r.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService es) {
      es.shutdownNow();
    }
  }
}

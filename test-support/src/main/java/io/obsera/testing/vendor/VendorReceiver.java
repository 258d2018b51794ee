package io.obsera.testing.vendor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for a SaaS vendor: it records every request and answers it the
 * way the vendor documents (subclasses check the request and reject malformed ones with the
 * vendor's status and error body). It can be stopped (connection refused) and started again on the
 * same port, and told to fail the next requests with a given status.
 */
public abstract class VendorReceiver implements AutoCloseable {
  /** One request as it arrived; header names lower-cased. */
  public record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /** A request and the status it got. */
  public record Exchange(Received request, int status) {}

  /** What the vendor answers. */
  protected record Answer(
      int status, String contentType, String body, Map<String, String> headers) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }

    public static Answer text(int status, String body) {
      return new Answer(status, "text/plain; charset=utf-8", body, Map.of());
    }
  }

  private record Forced(int status, String retryAfter) {}

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Forced> forced = new ConcurrentLinkedDeque<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile java.time.Duration delay = java.time.Duration.ZERO;
  private volatile HttpServer server;
  private volatile int port;

  protected VendorReceiver() {
    start();
  }

  /** Starts listening (on the same port as before once it had one). */
  public final synchronized void start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      s.createContext("/", this::serve);
      s.setExecutor(executor);
      s.start();
      server = s;
      port = s.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops listening: connections are refused until {@link #start()}. */
  public final synchronized void stop() {
    HttpServer s = server;
    server = null;
    if (s != null) {
      s.stop(0);
    }
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The next {@code count} requests get {@code status} (with {@code retryAfter} when not null). */
  public void failNext(int count, int status, String retryAfter) {
    for (int i = 0; i < count; i++) {
      forced.add(new Forced(status, retryAfter));
    }
  }

  /** The next {@code skip} requests are answered normally, the {@code count} after them fail. */
  public void failAfter(int skip, int count, int status) {
    for (int i = 0; i < skip; i++) {
      forced.add(new Forced(0, null));
    }
    failNext(count, status, null);
  }

  /** Every request waits this long before it is answered (a slow receiver). */
  public void delay(java.time.Duration d) {
    delay = d;
  }

  /** Forgets failures asked for by {@link #failNext} and not yet served. */
  public void clearFailures() {
    forced.clear();
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The requests answered with a 2xx. */
  public List<Received> accepted() {
    List<Received> out = new ArrayList<>();
    for (Exchange e : exchanges) {
      if (e.status() >= 200 && e.status() < 300) {
        out.add(e.request());
      }
    }
    return out;
  }

  /** Checks a request the way the vendor does and answers it. */
  protected abstract Answer answer(Received r);

  private void serve(HttpExchange ex) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received r =
        new Received(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            ex.getRequestURI().getRawQuery(),
            Map.copyOf(headers),
            body);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Forced f = forced.poll();
    Answer a;
    if (f != null && f.status() != 0) {
      a = Answer.json(f.status(), "{\"error\":\"forced by the test\"}");
      if (f.retryAfter() != null) {
        ex.getResponseHeaders().add("Retry-After", f.retryAfter());
      }
    } else {
      a = answer(r);
    }
    exchanges.add(new Exchange(r, a.status()));
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", a.contentType());
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    stop();
    executor.shutdownNow();
  }
}

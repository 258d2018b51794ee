package io.obsera.ingest.otlp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1 connections whose client takes longer than a deadline to send a request's line and
 * headers (slowloris). Jetty parses headers without holding a thread, and its idle timeout restarts
 * with every byte, so a client trickling header bytes could keep a connection open for as long as
 * it likes; enough of them exhaust connections or file descriptors. Body reading is bounded
 * separately by the minimum data rate. Checks every connection a few times per deadline; a
 * connection waiting for its next request (keep-alive) is not in its headers and is left alone.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long deadlineNanos;
  private final Map<HttpConnection, long[]> headersSince = new ConcurrentHashMap<>();
  private final ScheduledExecutorService checks;

  HeaderDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    this.checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "otlp-http-header-deadline");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, deadline.toMillis() / 4);
    checks.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      headersSince.put(http, new long[] {0});
    }
  }

  @Override
  public void onClosed(Connection connection) {
    headersSince.remove(connection);
  }

  private void check() {
    long now = System.nanoTime();
    headersSince.forEach(
        (connection, since) -> {
          if (!inHeaders(connection.getParser())) {
            since[0] = 0;
          } else if (since[0] == 0) {
            since[0] = now;
          } else if (now - since[0] > deadlineNanos) {
            log.debug(
                "closing {}: request headers not complete after {} ms",
                connection.getEndPoint().getRemoteSocketAddress(),
                TimeUnit.NANOSECONDS.toMillis(now - since[0]));
            headersSince.remove(connection);
            connection.getEndPoint().close();
          }
        });
  }

  /** Between the first byte of a request and the end of its headers. */
  private static boolean inHeaders(HttpParser parser) {
    return parser.inHeaderState() && !parser.isStart();
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}

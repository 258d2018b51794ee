package io.obsera.ingest.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket OTLP/HTTP client that sends the request line and headers at once and the body
 * slowly: a chunk per tick, or part of it and then nothing. Reports what the server did: the status
 * line it answered with, or that it closed the connection, and when.
 */
final class SlowBodyClient {
  /** What the server did with a slow request, {@code elapsed} after the headers were sent. */
  record Outcome(int status, boolean closed, boolean hung, Duration elapsed) {
    @Override
    public String toString() {
      return (hung ? "no answer" : closed ? "connection closed" : "status " + status)
          + " after "
          + elapsed.toMillis()
          + " ms";
    }
  }

  private final ScheduledExecutorService ticks;
  private final int port;
  private final String apiKey;

  SlowBodyClient(ScheduledExecutorService ticks, int port, String apiKey) {
    this.ticks = ticks;
    this.port = port;
    this.apiKey = apiKey;
  }

  /**
   * POSTs {@code body} declaring {@code declaredLength}, writing {@code bytesPerTick} bytes every
   * {@code tick} until the first {@code sendBytes} of {@code body} are sent (then it stalls, if
   * that is less than declared), and waits at most {@code giveUp} for an answer.
   */
  CompletableFuture<Outcome> post(
      String path,
      byte[] body,
      long declaredLength,
      int sendBytes,
      int bytesPerTick,
      Duration tick,
      Duration giveUp) {
    return CompletableFuture.supplyAsync(
        () -> {
          long started = System.nanoTime();
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) giveUp.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(
                ("POST "
                        + path
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + apiKey
                        + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
                        + declaredLength
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ScheduledFuture<?> trickle = trickle(out, body, sendBytes, bytesPerTick, tick);
            try {
              return read(socket.getInputStream(), started);
            } finally {
              trickle.cancel(false);
            }
          } catch (IOException e) {
            return new Outcome(0, true, false, since(started));
          }
        });
  }

  private ScheduledFuture<?> trickle(
      OutputStream out, byte[] body, int sendBytes, int bytesPerTick, Duration tick) {
    int[] sent = {0};
    return ticks.scheduleAtFixedRate(
        () -> {
          if (sent[0] >= sendBytes) {
            return;
          }
          int n = Math.min(bytesPerTick, sendBytes - sent[0]);
          try {
            out.write(body, sent[0], n);
            out.flush();
            sent[0] += n;
          } catch (IOException e) {
            sent[0] = sendBytes; // the server closed the connection; the reader sees it
          }
        },
        tick.toMillis(),
        tick.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static Outcome read(InputStream in, long started) {
    try {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      if (line.isEmpty()) {
        return new Outcome(0, true, false, since(started));
      }
      String[] parts = line.toString().split(" ");
      return new Outcome(Integer.parseInt(parts[1]), false, false, since(started));
    } catch (SocketTimeoutException e) {
      return new Outcome(0, false, true, since(started));
    } catch (IOException e) {
      return new Outcome(0, true, false, since(started));
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}

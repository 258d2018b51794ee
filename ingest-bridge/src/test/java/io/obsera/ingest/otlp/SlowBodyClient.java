package io.obsera.ingest.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket OTLP/HTTP client that sends the request line and headers at once and the body
 * slowly: a chunk per tick, or part of it and then nothing; or the headers themselves slowly; or
 * two requests on one keep-alive connection. Reports what the server did: the status line it
 * answered with, or that it closed the connection, and when.
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
    return exchange(head(path, declaredLength, ""), body, sendBytes, bytesPerTick, tick, giveUp);
  }

  /**
   * Sends the request line and headers (padded to over 2 KB) a byte every {@code tick}, stopping
   * after {@code sendBytes} of them, never reaching the body; waits at most {@code giveUp}.
   */
  CompletableFuture<Outcome> slowHeaders(
      String path, int sendBytes, Duration tick, Duration giveUp) {
    byte[] head = head(path, 16, "X-Padding: " + "p".repeat(2048) + "\r\n");
    return exchange(new byte[0], head, Math.min(sendBytes, head.length), 1, tick, giveUp);
  }

  /** Writes {@code atOnce}, then trickles the first {@code sendBytes} of {@code slowly}. */
  private CompletableFuture<Outcome> exchange(
      byte[] atOnce,
      byte[] slowly,
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
            out.write(atOnce);
            out.flush();
            ScheduledFuture<?> trickle = trickle(out, slowly, sendBytes, bytesPerTick, tick);
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

  /**
   * Two exports of {@code body} on one keep-alive connection, {@code idle} apart (the client idling
   * between requests, not in one): the status of each, or a closed connection.
   */
  CompletableFuture<List<Outcome>> twoRequests(String path, byte[] body, Duration idle) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<Outcome> outcomes = new ArrayList<>();
          long started = System.nanoTime();
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 2; i++) {
              if (i == 1) {
                Thread.sleep(idle.toMillis());
              }
              socket.getOutputStream().write(head(path, body.length, ""));
              socket.getOutputStream().write(body);
              socket.getOutputStream().flush();
              Outcome o = read(in, started);
              outcomes.add(o);
              if (o.closed() || o.hung()) {
                break;
              }
              skipRestOfResponse(in);
            }
          } catch (IOException e) {
            outcomes.add(new Outcome(0, true, false, since(started)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return outcomes;
        });
  }

  /** Reads the headers after the status line, then the body of the Content-Length they give. */
  private static void skipRestOfResponse(InputStream in) throws IOException {
    long length = 0;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(line.substring(15).strip());
      }
    }
    in.readNBytes((int) length);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private byte[] head(String path, long declaredLength, String extraHeaders) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + apiKey
            + "\r\nContent-Type: application/x-protobuf\r\n"
            + extraHeaders
            + "Content-Length: "
            + declaredLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
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

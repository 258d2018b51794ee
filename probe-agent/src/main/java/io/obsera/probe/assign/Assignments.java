package io.obsera.probe.assign;

import io.obsera.model.Json;
import io.obsera.model.control.EndpointDefinition;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the query service for this region's assignments every {@code refreshMs} with the probe key
 * ({@code Authorization: Bearer}) and the last {@code ETag} ({@code If-None-Match}; a 304 changes
 * nothing). A changed list goes to the listener. When the API is unreachable or refuses, the last
 * list stays in force (probing goes on) and the error is kept for {@link #lastError()}.
 */
public final class Assignments implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Assignments.class);

  /** What one poll did. */
  public enum Poll {
    CHANGED,
    NOT_MODIFIED,
    FAILED
  }

  private final HttpUrl url;
  private final String probeKey;
  private final long refreshMs;
  private final Consumer<List<EndpointDefinition>> listener;
  private final OkHttpClient http;
  private final ScheduledExecutorService timer;
  private volatile String etag;
  private volatile String lastError;
  private volatile boolean closed;
  private volatile Call inFlight;
  private volatile List<EndpointDefinition> current = List.of();
  private final java.util.concurrent.atomic.AtomicLong polls =
      new java.util.concurrent.atomic.AtomicLong();

  public Assignments(
      URI apiUrl,
      String probeKey,
      String region,
      long refreshMs,
      Consumer<List<EndpointDefinition>> listener) {
    HttpUrl base = HttpUrl.get(apiUrl.toString());
    this.url =
        base.newBuilder()
            .addPathSegments("api/v1/probe/assignments")
            .addQueryParameter("region", region)
            .build();
    this.probeKey = probeKey;
    this.refreshMs = refreshMs;
    this.listener = listener;
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(10))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "probe-assignments-" + region);
              t.setDaemon(true);
              return t;
            });
  }

  /** Polls now and then every {@code refreshMs}. */
  public Assignments start() {
    timer.scheduleWithFixedDelay(this::pollQuietly, 0, refreshMs, TimeUnit.MILLISECONDS);
    return this;
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("assignment poll failed", e);
    }
  }

  /** One poll; never throws for a network or API failure. */
  public Poll poll() {
    polls.incrementAndGet();
    Request.Builder rb =
        new Request.Builder().url(url).header("Authorization", "Bearer " + probeKey);
    String tag = etag;
    if (tag != null) {
      rb.header("If-None-Match", tag);
    }
    Call call = http.newCall(rb.build());
    inFlight = call;
    if (closed) {
      call.cancel();
    }
    try (Response r = call.execute()) {
      if (r.code() == 304) {
        lastError = null;
        return Poll.NOT_MODIFIED;
      }
      if (r.code() != 200) {
        return failed("GET " + url.encodedPath() + " answered " + r.code());
      }
      AssignmentsResponse body = Json.MAPPER.readValue(r.body().bytes(), AssignmentsResponse.class);
      current = body.endpoints();
      etag = r.header("ETag");
      lastError = null;
      listener.accept(current);
      return Poll.CHANGED;
    } catch (IOException e) {
      return failed("GET " + url.encodedPath() + " failed: " + e.getMessage());
    }
  }

  private Poll failed(String why) {
    if (closed) {
      // a poll in flight when the agent stops ends interrupted: that is the stop, not a failure
      return Poll.FAILED;
    }
    if (!why.equals(lastError)) {
      LOG.warn("{}; keeping the {} endpoints assigned before", why, current.size());
    }
    lastError = why;
    return Poll.FAILED;
  }

  /** Polls made so far, whatever their result. */
  public long polls() {
    return polls.get();
  }

  /** The endpoints in force. */
  public List<EndpointDefinition> current() {
    return current;
  }

  /** Why the last poll failed, or null when it succeeded. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    closed = true;
    Call call = inFlight;
    if (call != null) {
      call.cancel(); // a blocked socket read ignores the interrupt below
    }
    timer.shutdownNow();
    try {
      // the poll in flight ends with its cancelled call; the agent is stopped once it has
      if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("the assignment poll {} did not stop within 2 s", url);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

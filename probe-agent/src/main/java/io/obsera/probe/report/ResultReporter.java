package io.obsera.probe.report;

import com.google.protobuf.MessageLite;
import io.github.resilience4j.core.IntervalFunction;
import io.obsera.model.probe.HealthCheck;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends probe results to the ingest bridge as OTLP/HTTP protobuf ({@code /v1/traces} and {@code
 * /v1/metrics}, the probe key as bearer token), several results of one tenant per request. Each
 * signal has its own bounded queue ({@link PendingResults}), sent in order by one thread: a
 * connection failure, 5xx, 429, 408, 401 or 403 keeps the batch and retries it with exponential
 * backoff (resilience4j {@link IntervalFunction}, honouring Retry-After), so nothing is lost while
 * Obsera is unreachable unless the buffer overflows (oldest dropped, counted); any other answer
 * (400: the request is bad and would be refused forever) is logged and the batch dropped, counted.
 *
 * <p>Delivery is at least once: when the bridge stored a batch but its answer was lost, the batch
 * is sent again (it carries the same trace and span ids, so duplicates are recognisable).
 */
public final class ResultReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultReporter.class);
  private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");
  private static final long INITIAL_BACKOFF_MS = 250;

  private final OkHttpClient http;
  private final String probeKey;
  private final int batchMax;
  private final long flushMs;

  /** Set by {@link #accept} under {@code signal}'s lock, cleared by the sender before it waits. */
  private boolean signalled;

  private final IntervalFunction backoff;
  private final long retryMaxMs;
  private final List<Channel> channels;
  private final Object signal = new Object();
  private final Thread sender;
  private volatile boolean running = true;

  /**
   * @param ingestUrl the OTLP/HTTP base URL (e.g. {@code http://host:4318})
   * @param flushMs the longest a result waits for more to fill its batch
   */
  public ResultReporter(
      URI ingestUrl, String probeKey, int bufferMax, int batchMax, long flushMs, long retryMaxMs) {
    HttpUrl base = HttpUrl.get(ingestUrl.toString());
    this.probeKey = probeKey;
    this.batchMax = batchMax;
    this.flushMs = flushMs;
    this.retryMaxMs = retryMaxMs;
    this.backoff =
        IntervalFunction.ofExponentialBackoff(
            Math.min(INITIAL_BACKOFF_MS, retryMaxMs), 2.0, retryMaxMs);
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.channels =
        List.of(
            new Channel(base.resolve("v1/traces"), bufferMax, ProbeOtlpTranslator::traces),
            new Channel(base.resolve("v1/metrics"), bufferMax, ProbeOtlpTranslator::metrics));
    this.sender = new Thread(this::loop, "probe-reporter");
    this.sender.setDaemon(true);
  }

  public ResultReporter start() {
    sender.start();
    return this;
  }

  /** Queues {@code check} for sending; never blocks. */
  public void accept(HealthCheck check) {
    for (Channel c : channels) {
      c.pending.add(check);
    }
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  /** Results waiting to be sent (the larger of the two signals' queues). */
  public int pending() {
    return channels.stream().mapToInt(c -> c.pending.size()).max().orElse(0);
  }

  /** Results acknowledged by the bridge, per signal: {@code [traces, metrics]}. */
  public long[] sent() {
    return new long[] {channels.get(0).sent.get(), channels.get(1).sent.get()};
  }

  /** Results dropped because the buffer overflowed (both signals). */
  public long droppedOverflow() {
    return channels.stream().mapToLong(c -> c.pending.dropped()).sum();
  }

  /** Results dropped because the bridge refused them as bad requests (both signals). */
  public long droppedRefused() {
    return channels.stream().mapToLong(c -> c.refused.get()).sum();
  }

  private void loop() {
    while (running) {
      // nothing pending: sleep until accept() signals (no timed wake-up while idle)
      long waitMs = Long.MAX_VALUE;
      for (Channel c : channels) {
        waitMs = Math.min(waitMs, c.sendDue());
      }
      if (waitMs > 0) {
        synchronized (signal) {
          try {
            // a result accepted while the channels were sending is not missed: the flag stays set
            if (!signalled) {
              signal.wait(waitMs == Long.MAX_VALUE ? 0 : waitMs);
            }
            signalled = false;
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** Stops sending; results still queued are lost (they live in memory only). */
  @Override
  public void close() {
    running = false;
    sender.interrupt();
    try {
      sender.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** What an answer means for the batch. */
  private enum Verdict {
    SENT,
    /** The bridge answered but could not take it now (5xx, 429, ...): keep and retry. */
    RETRY,
    /** No answer (connection refused, timeout): keep, retry, and try nothing else now. */
    UNREACHABLE,
    DROP
  }

  /** One signal: its URL, translator, queue and retry state. */
  private final class Channel {
    final HttpUrl url;
    final PendingResults pending;
    final Function<List<HealthCheck>, ? extends MessageLite> translate;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    int attempt;
    long retryAt;
    long oldestSeenAt;

    Channel(HttpUrl url, int bufferMax, Function<List<HealthCheck>, ? extends MessageLite> t) {
      this.url = url;
      this.pending = new PendingResults(bufferMax);
      this.translate = t;
    }

    /** Sends what is due; returns how long (ms) until this channel wants to send again. */
    long sendDue() {
      long now = System.nanoTime();
      if (retryAt != 0 && now < retryAt) {
        return Math.max(1, (retryAt - now) / 1_000_000);
      }
      int size = pending.size();
      if (size == 0) {
        oldestSeenAt = 0;
        return Long.MAX_VALUE;
      }
      if (oldestSeenAt == 0) {
        oldestSeenAt = now;
      }
      long lingered = (now - oldestSeenAt) / 1_000_000;
      if (size < batchMax && attempt == 0 && lingered < flushMs) {
        return flushMs - lingered;
      }
      List<HealthCheck> batch = pending.peek(batchMax);
      Map<String, List<HealthCheck>> byTenant = new LinkedHashMap<>();
      batch.forEach(c -> byTenant.computeIfAbsent(c.tenantId(), t -> new ArrayList<>()).add(c));
      List<HealthCheck> done = new ArrayList<>();
      boolean retry = false;
      long[] retryAfterMs = {0};
      // one request per tenant: a tenant refused (400, e.g. deleted) never takes others with it
      for (List<HealthCheck> part : byTenant.values()) {
        Verdict v = post(part, retryAfterMs);
        if (v == Verdict.UNREACHABLE) {
          retry = true;
          break;
        }
        if (v == Verdict.RETRY) {
          retry = true;
          continue;
        }
        done.addAll(part);
        (v == Verdict.SENT ? sent : refused).addAndGet(part.size());
      }
      pending.remove(done);
      if (retry) {
        attempt++;
        long wait = Math.max(backoff.apply(attempt), Math.min(retryAfterMs[0], retryMaxMs));
        retryAt = System.nanoTime() + wait * 1_000_000;
        return wait;
      }
      attempt = 0;
      retryAt = 0;
      oldestSeenAt = pending.size() == 0 ? 0 : System.nanoTime();
      return 0;
    }

    private Verdict post(List<HealthCheck> batch, long[] retryAfterMs) {
      Request request =
          new Request.Builder()
              .url(url)
              .header("Authorization", "Bearer " + probeKey)
              .post(RequestBody.create(translate.apply(batch).toByteArray(), PROTOBUF))
              .build();
      try (Response r = http.newCall(request).execute()) {
        int code = r.code();
        if (code >= 200 && code < 300) {
          if (attempt > 0) {
            LOG.info("{} reachable again after {} attempts", url, attempt);
          }
          return Verdict.SENT;
        }
        if (code >= 500 || code == 429 || code == 408 || code == 401 || code == 403) {
          retryAfterMs[0] = Math.max(retryAfterMs[0], retryAfter(r.header("Retry-After")));
          logRetry(url + " answered " + code);
          return Verdict.RETRY;
        }
        LOG.warn(
            "{} refused {} results with {}: {}; dropped",
            url,
            batch.size(),
            code,
            r.body().string());
        return Verdict.DROP;
      } catch (IOException e) {
        logRetry(url + " unreachable: " + e.getMessage());
        return Verdict.UNREACHABLE;
      }
    }

    private void logRetry(String why) {
      if (attempt == 0) {
        LOG.warn("{}; keeping {} results and retrying with backoff", why, pending.size());
      }
    }
  }

  private static long retryAfter(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Long.parseLong(header.trim()) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

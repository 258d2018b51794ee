package io.obsera.bench.query;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.bench.HttpSender;
import io.obsera.bench.Sender;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a {@link QueryWorkload} through the whole pipeline (OTLP/HTTP protobuf into the ingest
 * bridge, Kafka, the topology, the writer) and waits until every span, log line and histogram
 * point, every trace summary and every RED count is queryable.
 */
final class QueryLoader {
  private static final long TIMEOUT_MILLIS = 4 * 3_600_000L;

  private QueryLoader() {}

  static void load(
      QueryWorkload workload,
      int requests,
      int threads,
      String otlpBase,
      String apiKey,
      Client ch,
      PrintStream out)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(threads);
    long t0 = System.nanoTime();
    try (HttpSender spans = sender(otlpBase + "/v1/traces", apiKey, threads);
        HttpSender logs = sender(otlpBase + "/v1/logs", apiKey, threads);
        HttpSender metrics = sender(otlpBase + "/v1/metrics", apiKey, threads)) {
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    for (int i = next.getAndIncrement();
                        i < requests && failure.get() == null;
                        i = next.getAndIncrement()) {
                      QueryWorkload.Batch b = workload.batch(i);
                      String error = spans.send(b.spans());
                      error = error == null ? logs.send(b.logs()) : error;
                      error = error == null ? metrics.send(b.metrics()) : error;
                      if (error != null) {
                        failure.compareAndSet(null, "request " + i + ": " + error);
                      }
                    }
                  } finally {
                    done.countDown();
                  }
                },
                Sender.THREAD_PREFIX + "loader-" + t);
        worker.setDaemon(true);
        worker.start();
      }
      while (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        out.printf(
            "  sent %,d of %,d requests (%,.0f spans/s accepted)%n",
            next.get(),
            requests,
            (double) next.get()
                * QueryWorkload.SPANS_PER_REQUEST
                / ((System.nanoTime() - t0) / 1e9));
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("loading stops: " + failure.get());
    }
    long sent = System.nanoTime() - t0;
    long spans = (long) requests * QueryWorkload.SPANS_PER_REQUEST;
    out.printf(
        "sent %,d spans, %,d logs, %,d histogram points in %.0f s (%,.0f spans/s accepted)%n",
        spans,
        (long) requests * QueryWorkload.TRACES_PER_REQUEST * QueryWorkload.LOGS_PER_TRACE,
        requests,
        sent / 1e9,
        spans / (sent / 1e9));
    awaitLanded(requests, ch, out, t0);
  }

  private static HttpSender sender(String url, String apiKey, int threads) {
    return new HttpSender(url, "application/x-protobuf", apiKey, threads);
  }

  private static void awaitLanded(int requests, Client ch, PrintStream out, long t0)
      throws InterruptedException {
    long traces = (long) requests * QueryWorkload.TRACES_PER_REQUEST;
    Map<String, Long> expected =
        Map.of(
            "spans", traces * QueryWorkload.SPANS_PER_TRACE,
            "logs", traces * QueryWorkload.LOGS_PER_TRACE,
            "points", (long) requests,
            "red", traces * QueryWorkload.SPANS_PER_TRACE,
            "summaries", traces);
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    while (true) {
      GenericRecord r =
          ch.queryAll(
                  "SELECT"
                      + " (SELECT count() FROM otel_traces WHERE TenantId = 'default') AS spans,"
                      + " (SELECT count() FROM otel_logs WHERE TenantId = 'default') AS logs,"
                      + " (SELECT count() FROM otel_metrics_histogram WHERE TenantId = 'default')"
                      + " AS points,"
                      + " (SELECT sum(Count) FROM red_minute WHERE TenantId = 'default') AS red,"
                      + " (SELECT uniqExact(TraceId) FROM trace_summaries"
                      + " WHERE TenantId = 'default') AS summaries")
              .get(0);
      boolean all = true;
      StringBuilder line = new StringBuilder("  landed:");
      for (String k : List.of("spans", "logs", "points", "red", "summaries")) {
        long have = r.getLong(k);
        if (have > expected.get(k)) {
          throw new IllegalStateException(k + ": " + have + " rows, more than " + expected.get(k));
        }
        all &= have == expected.get(k);
        line.append(String.format(" %s %,d/%,d", k, have, expected.get(k)));
      }
      out.println(line);
      if (all) {
        out.printf(
            "everything queryable %.0f s after the first request (%,.0f spans/s end to end)%n",
            (System.nanoTime() - t0) / 1e9,
            expected.get("spans") / ((System.nanoTime() - t0) / 1e9));
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("data did not land in time");
      }
      Thread.sleep(10_000);
    }
  }
}

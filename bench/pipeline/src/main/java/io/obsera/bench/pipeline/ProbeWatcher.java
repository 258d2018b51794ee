package io.obsera.bench.pipeline;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import java.util.Map;

/**
 * Polls ClickHouse every {@link #POLL_MILLIS} ms for the probe spans of requests {@code [from, to)}
 * and notes when each first became queryable. Latency of a request: from the start of its send to
 * the poll that saw its probe (so up to one poll interval plus a query late).
 */
final class ProbeWatcher implements AutoCloseable {
  static final long POLL_MILLIS = 50;

  private final Client clickHouse;
  private final String tenant;
  private final int from;
  private final long[] sentNanos;
  private final long[] seenNanos;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int seen;

  ProbeWatcher(Client clickHouse, String tenant, int from, int to) {
    this.clickHouse = clickHouse;
    this.tenant = tenant;
    this.from = from;
    this.sentNanos = new long[to - from];
    this.seenNanos = new long[to - from];
    this.thread = new Thread(this::poll, "bench-probe-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called by the sender just before request {@code seq} goes out. */
  void sending(int seq) {
    sentNanos[seq - from] = System.nanoTime();
  }

  int seen() {
    return seen;
  }

  /** Waits until every probe was seen or the timeout passed; returns how many were seen. */
  int awaitAll(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (seen < seenNanos.length && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    return seen;
  }

  /** Latency percentile in milliseconds over the probes seen, e.g. {@code percentile(0.99)}. */
  double percentile(double q) {
    long[] ms =
        java.util.stream.IntStream.range(0, seenNanos.length)
            .filter(i -> seenNanos[i] > 0 && sentNanos[i] > 0)
            .mapToLong(i -> seenNanos[i] - sentNanos[i])
            .sorted()
            .toArray();
    if (ms.length == 0) {
      return Double.NaN;
    }
    return ms[Math.min(ms.length - 1, (int) Math.ceil(q * ms.length) - 1)] / 1e6;
  }

  private void poll() {
    int errors = 0;
    String sql =
        "SELECT toUInt32OrZero(SpanAttributes['"
            + ProbedRequests.SEQ
            + "']) AS s FROM otel_traces WHERE TenantId = {t:String} AND ServiceName = '"
            + ProbedRequests.PROBE_SERVICE
            + "' AND SpanName = 'probe' AND s >= {from:UInt32} AND s < {to:UInt32}";
    Map<String, Object> params = Map.of("t", tenant, "from", from, "to", from + seenNanos.length);
    while (running && seen < seenNanos.length) {
      try {
        long now = System.nanoTime();
        int count = 0;
        for (GenericRecord r : clickHouse.queryAll(sql, params)) {
          int i = (int) r.getLong("s") - from;
          if (seenNanos[i] == 0) {
            seenNanos[i] = now;
          }
        }
        for (long n : seenNanos) {
          count += n > 0 ? 1 : 0;
        }
        seen = count;
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (errors++ == 0) {
          System.err.println("probe query failed (retrying): " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

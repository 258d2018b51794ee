package io.obsera.bench.query;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.bench.BenchRuntime;
import io.obsera.model.Json;
import io.obsera.schema.ClickHouseClients;
import io.obsera.standalone.Standalone;
import io.obsera.standalone.StandaloneConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Query latency over a day of data: loads {@code BENCH_SPANS} spans (10 M by default) with their
 * logs and histogram points through the whole pipeline (or reuses a complete earlier load in {@code
 * BENCH_QUERY_DATA}), then times each query kind one request at a time against the running query
 * service and prints p50, p99 and max, with the goals of issue #5: trace by id p99 < 50 ms,
 * regional latency over 24 h p99 < 300 ms. It also checks that the correlation of the injected
 * spike puts a spiking exemplar trace first.
 */
public final class QueryBench {
  private static final String MARKER = "query-bench-load.json";

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    QueryBenchConfig config = QueryBenchConfig.fromEnv(System.getenv());
    PrintStream out = System.out;
    Long anchor = prepare(config, out);
    StandaloneConfig runtime = BenchRuntime.config(config.dataDir());
    out.printf(
        "query bench: %,d spans in %s, %d CPUs, %s%n",
        config.spans(), config.dataDir(), Runtime.getRuntime().availableProcessors(), load());
    try (Standalone obsera = Standalone.start(runtime, out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      QueryWorkload workload = loadOrReuse(anchor, config, obsera, ch, out);
      obsera.streams().hold(true);
      obsera.writer().hold(true);
      awaitMutations(ch, out);
      measure(workload, config, obsera, out);
    }
  }

  /**
   * The anchor of a complete earlier load of the same size in the data directory, else null (the
   * directory emptied for a new load); also makes the data directory the JVM's temporary one.
   */
  static Long prepare(QueryBenchConfig config, PrintStream out) throws IOException {
    Path marker = config.dataDir().resolve(MARKER);
    Long anchor = reusableAnchor(marker, config.spans());
    if (anchor == null && Files.exists(config.dataDir())) {
      out.println("removing incomplete or different load in " + config.dataDir());
      deleteTree(config.dataDir());
    }
    Files.createDirectories(config.dataDir());
    System.setProperty("java.io.tmpdir", config.dataDir().toString());
    return anchor;
  }

  /** Loads a day of data through the pipeline of {@code obsera}, unless {@code anchor} says so. */
  static QueryWorkload loadOrReuse(
      Long anchor, QueryBenchConfig config, Standalone obsera, Client ch, PrintStream out)
      throws Exception {
    Path marker = config.dataDir().resolve(MARKER);
    if (anchor == null) {
      long now = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
      QueryWorkload workload = new QueryWorkload(now, config.requests());
      out.printf("loading a day of data through the pipeline, %s%n", load());
      QueryLoader.load(
          workload,
          config.requests(),
          config.threads(),
          "http://127.0.0.1:" + obsera.otlpHttpPort(),
          obsera.apiKey(),
          ch,
          out);
      Files.writeString(
          marker,
          Json.MAPPER.writeValueAsString(Map.of("spans", config.spans(), "anchorNanos", now)));
      return workload;
    }
    out.println("reusing the complete load in " + config.dataDir());
    return new QueryWorkload(anchor, config.requests());
  }

  /**
   * Waits for background mutations (e.g. a migration materializing an index) to finish. The
   * topology and writer are held from here on: a restarted topology restoring its stores would
   * compete with the queries being timed.
   */
  private static void awaitMutations(Client ch, PrintStream out) throws InterruptedException {
    while (true) {
      long pending =
          ch.queryAll("SELECT count() AS N FROM system.mutations WHERE is_done = 0")
              .get(0)
              .getLong("N");
      if (pending == 0) {
        return;
      }
      out.printf("waiting for %d ClickHouse mutations to finish%n", pending);
      Thread.sleep(5_000);
    }
  }

  private static void measure(
      QueryWorkload w, QueryBenchConfig config, Standalone obsera, PrintStream out)
      throws Exception {
    QueryTimer timer = new QueryTimer("http://127.0.0.1:" + obsera.apiPort(), obsera.apiKey());
    long traces = (long) config.requests() * QueryWorkload.TRACES_PER_REQUEST;
    long hour = 3_600_000_000_000L;
    long quarter = hour / 4;
    String metric = QueryWorkload.METRIC;
    String spike = "&from=" + w.spikeFromNanos() + "&to=" + w.spikeToNanos();

    JsonNode correlated =
        Json.MAPPER.readTree(
            timer.get(
                "/api/v1/correlate?metric="
                    + metric
                    + "&service="
                    + QueryWorkload.SPIKE_SERVICE
                    + spike
                    + "&limit=20"));
    out.printf("%ncorrelation of the spike: %s%n", spikeCheck(correlated, w, traces));

    Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
    kinds.put("trace", i -> "/api/v1/traces/" + QueryWorkload.traceIdHex(pick(i, 1, traces)));
    kinds.put(
        "search",
        i ->
            "/api/v1/traces?service="
                + service(i)
                + window(w, i, 2, hour)
                + (i % 2 == 0 ? "&minDuration=250ms" : "")
                + "&limit=20");
    kinds.put(
        "logs",
        i ->
            "/api/v1/logs?service="
                + service(i)
                + "&q=upstream"
                + window(w, i, 3, hour)
                + "&limit=50");
    kinds.put(
        "correlation",
        i ->
            "/api/v1/correlate?metric="
                + metric
                + (i % 2 == 0
                    ? "&service=" + QueryWorkload.SPIKE_SERVICE + spike
                    : "&service=" + service(i) + window(w, i, 4, quarter))
                + "&limit=20");
    kinds.put(
        "regions",
        i ->
            "/api/v1/latency/regions?service="
                + service(i)
                + "&from="
                + w.dayStartNanos()
                + "&to="
                + w.anchorNanos()
                + "&step=1h");
    kinds.put(
        "timeline-trace",
        i -> "/api/v1/timeline?traceId=" + QueryWorkload.traceIdHex(pick(i, 5, traces)));
    kinds.put(
        "timeline-service",
        i -> "/api/v1/timeline?service=" + service(i) + window(w, i, 6, quarter));

    out.printf(
        "%n%-36s %9s %9s %9s %10s%n",
        "query (" + config.queries() + " each)", "p50 ms", "p99 ms", "max ms", "bytes");
    Map<String, Double> p99 = new LinkedHashMap<>();
    for (Map.Entry<String, IntFunction<String>> k : kinds.entrySet()) {
      if (!config.kinds().contains(k.getKey())) {
        continue;
      }
      QueryTimer.Timing t =
          timer.time(config.queries(), Duration.ofSeconds(config.warmupSeconds()), k.getValue());
      p99.put(k.getKey(), t.percentile(0.99));
      out.printf(
          "%-36s %9.1f %9.1f %9.1f %10d%n",
          QueryBenchConfig.KINDS.get(k.getKey()),
          t.percentile(0.50),
          t.percentile(0.99),
          t.percentile(1.0),
          t.meanBytes());
    }
    out.printf("%ngoals: %s; %s; %s%n", goal(p99, "trace", 50), goal(p99, "regions", 300), load());
  }

  private static String goal(Map<String, Double> p99, String kind, double limitMs) {
    String label = QueryBenchConfig.KINDS.get(kind);
    Double ms = p99.get(kind);
    if (ms == null) {
      return label + " not measured (BENCH_QUERY_KINDS)";
    }
    return String.format(
        "%s p99 %.1f ms (< %.0f: %s)", label, ms, limitMs, ms < limitMs ? "met" : "NOT met");
  }

  /** Whether the first linked trace is an exemplar of a spiking checkout/eu-west trace. */
  private static String spikeCheck(JsonNode result, QueryWorkload w, long traces) {
    JsonNode first = result.path("traces").path(0);
    String reason = first.path("reason").asText();
    String id = first.path("traceId").asText();
    for (long t = 0; t < traces && !id.isEmpty(); t++) {
      long start = w.traceStartNanos(t);
      if (start < w.spikeFromNanos() || start >= w.spikeToNanos()) {
        continue;
      }
      if (QueryWorkload.traceIdHex(t).equals(id)) {
        int request = (int) (t / QueryWorkload.TRACES_PER_REQUEST);
        boolean ok = reason.startsWith("exemplar") && w.spiking(request, start);
        return (ok ? "OK" : "WRONG") + ", first trace " + id + " (" + reason + ")";
      }
    }
    return "WRONG, first trace " + id + " (" + reason + ") is not a spiking trace";
  }

  /**
   * {@code &from=&to=} of a pseudo-random window of {@code width} nanoseconds inside the day, for
   * request {@code i} of kind {@code kind}.
   */
  private static String window(QueryWorkload w, int i, int kind, long width) {
    long from = w.dayStartNanos() + pick(i, kind, QueryWorkload.DAY_NANOS / width - 1) * width;
    return "&from=" + from + "&to=" + (from + width);
  }

  private static String service(int i) {
    return QueryWorkload.SERVICES[i % QueryWorkload.SERVICES.length];
  }

  /** A pseudo-random number in [0, bound) for request {@code i} of kind {@code kind}. */
  private static long pick(int i, int kind, long bound) {
    return new SplittableRandom(i * 31L + kind).nextLong(bound);
  }

  private static Long reusableAnchor(Path marker, int spans) throws java.io.IOException {
    if (!Files.exists(marker)) {
      return null;
    }
    JsonNode m = Json.MAPPER.readTree(marker.toFile());
    return m.path("spans").asInt() == spans ? m.path("anchorNanos").asLong() : null;
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String load() {
    return String.format(
        "load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}

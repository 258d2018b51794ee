package io.obsera.bench;

import com.clickhouse.client.api.Client;
import io.obsera.schema.ClickHouseClients;
import io.obsera.standalone.Standalone;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ingest benchmark. Starts the standalone runtime in a temporary data directory (this JVM runs the
 * ingest bridge, the Kafka broker, the streams topology and the ClickHouse writer; ClickHouse is a
 * child process) and runs the scenarios named in {@code BENCH_SCENARIOS} (see {@link Scenario}):
 * OTLP exports over HTTP/protobuf, HTTP/JSON and gRPC, sent by {@code BENCH_THREADS} threads,
 * measured after an untimed warm-up of a fixed time, and the end-to-end comparison with a direct
 * RowBinary insert. During the ingest scenarios the topology and the writer are held (by default),
 * so that they measure what the goal is about: items accepted by ingest with Kafka on the machine.
 * Items are accepted when answered with success, which the ingest bridge does after Kafka acks.
 * Between scenarios it waits for every item sent so far to land in ClickHouse, so that a scenario's
 * backlog does not slow down the next one. Settings: {@link BenchConfig}.
 */
public final class IngestBench {
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(10);

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    BenchConfig config = BenchConfig.fromEnv(System.getenv());
    PrintStream out = System.out;
    Path dataDir = BenchRuntime.dataDir("obsera-bench-");
    out.printf(
        "bench: %s; %d items per scenario after a %d s warm-up (the same for every scenario),"
            + " %d sender threads, %d items per request, %d CPUs, topology and writer %s during"
            + " the ingest scenarios, data in %s%n",
        config.scenarios().stream().map(Scenario::id).collect(Collectors.joining(",")),
        config.requests() * config.batch(),
        config.warmUpSeconds(),
        config.threads(),
        config.batch(),
        Runtime.getRuntime().availableProcessors(),
        config.holdDownstream() ? "held (they catch up after each)" : "running",
        dataDir);
    try (Standalone obsera = Standalone.start(BenchRuntime.config(dataDir), out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      RowLanding landing = new RowLanding(ch);
      LoadRunner runner = new LoadRunner(config.threads());
      Map<String, Long> expected = new HashMap<>();
      List<LoadResult> results = new ArrayList<>();
      EndToEnd.Result e2e = null;
      for (Scenario scenario : config.scenarios()) {
        Workload work = Workload.of(scenario, config);
        out.printf(
            "%n%s: %d requests after a %d s warm-up, %.1f MB, load average %.2f%n",
            scenario.id(),
            work.timed().size(),
            config.warmUpSeconds(),
            work.bytes() / 1e6,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long before = landing.count(work.table());
        boolean hold = config.holdDownstream() && scenario != Scenario.E2E;
        long requests;
        try (Sender sender = sender(scenario, obsera, config.threads())) {
          if (hold) {
            obsera.streams().hold(true);
            obsera.writer().hold(true);
          }
          long warmUp = runner.warmUp(scenario, sender, work.warmUp(), config.warmUpSeconds());
          requests = warmUp + work.timed().size();
          if (scenario == Scenario.E2E) {
            e2e =
                new EndToEnd(runner, landing, ch)
                    .run(work, sender, before, warmUp * work.itemsPerBody());
            results.add(e2e.accepted());
            SummaryTable.printDetail(out, e2e.accepted());
          } else {
            LoadResult r = runner.run(scenario, sender, work.timed(), work.itemsPerBody());
            results.add(r);
            SummaryTable.printDetail(out, r);
          }
        } finally {
          if (hold) {
            obsera.streams().hold(false);
            obsera.writer().hold(false);
          }
        }
        long sent = expected.merge(work.table(), requests * work.itemsPerBody(), Long::sum);
        awaitLanded(out, landing, work.table(), before, sent);
      }
      SummaryTable.print(out, results, e2e);
    }
  }

  private static Sender sender(Scenario scenario, Standalone obsera, int threads) {
    String http = "http://127.0.0.1:" + obsera.otlpHttpPort();
    return switch (scenario) {
      case HTTP_PROTOBUF_SPANS, E2E ->
          new HttpSender(http + "/v1/traces", "application/x-protobuf", obsera.apiKey(), threads);
      case HTTP_JSON_SPANS ->
          new HttpSender(http + "/v1/traces", "application/json", obsera.apiKey(), threads);
      case HTTP_PROTOBUF_LOGS ->
          new HttpSender(http + "/v1/logs", "application/x-protobuf", obsera.apiKey(), threads);
      case GRPC_SPANS ->
          new GrpcSender(obsera.otlpGrpcPort(), GrpcSender.TRACE_SERVICE, obsera.apiKey(), threads);
    };
  }

  /** Waits for everything sent to {@code table} so far to land, and says how long that took. */
  private static void awaitLanded(
      PrintStream out, RowLanding landing, String table, long before, long expected)
      throws InterruptedException {
    long t0 = System.nanoTime();
    long rows = landing.await(table, expected, LANDING_TIMEOUT);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (rows < expected) {
      out.printf(
          "WARNING: only %d of %d rows sent to %s landed within %s%n",
          rows, expected, table, LANDING_TIMEOUT);
    } else {
      out.printf(
          "landed: %d rows in %s (%d from this scenario), %.1f s after the last answer%n",
          rows, table, rows - before, seconds);
    }
  }
}

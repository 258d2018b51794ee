package io.obsera.bench.pipeline;

import com.clickhouse.client.api.Client;
import io.obsera.bench.BenchRuntime;
import io.obsera.bench.DirectInsert;
import io.obsera.bench.HttpSender;
import io.obsera.schema.ClickHouseClients;
import io.obsera.standalone.Standalone;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * End-to-end benchmark of the pipeline on one machine (ingest bridge, Kafka, topology and writer in
 * this JVM, ClickHouse in a child process): OTLP/HTTP protobuf spans in, rows queryable in
 * ClickHouse out.
 *
 * <ol>
 *   <li>throughput: requests as fast as {@code BENCH_THREADS} senders get answers; spans/s from the
 *       first request until the last row is queryable;
 *   <li>latency: requests at a fixed rate (half the measured throughput unless {@code
 *       BENCH_LATENCY_RATE}); p50/p99 from sending a request until its probe span is queryable;
 *   <li>the same spans as the throughput phase inserted straight into ClickHouse with RowBinary:
 *       the physical limit, and the ratio.
 * </ol>
 *
 * The load average is printed with every figure: other work on the machine changes them.
 */
public final class PipelineBench {
  private static final long LANDING_TIMEOUT_MILLIS = 600_000;

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    PipelineBenchConfig config = PipelineBenchConfig.fromEnv(System.getenv());
    PrintStream out = System.out;
    Path dataDir = BenchRuntime.dataDir("obsera-pipeline-bench-");
    int perRequest = config.batch() + 1;
    out.printf(
        "pipeline bench: %d spans (+%d%% warm-up) in requests of %d + 1 probe, %d senders,"
            + " latency phase %d s, %d CPUs, %s%n",
        config.spans(),
        config.warmUpPercent(),
        config.batch(),
        config.threads(),
        config.latencySeconds(),
        Runtime.getRuntime().availableProcessors(),
        load());
    try (Standalone obsera = Standalone.start(BenchRuntime.config(dataDir), out);
        Client ch = ClickHouseClients.create(obsera.clickHouse());
        HttpSender sender =
            new HttpSender(
                "http://127.0.0.1:" + obsera.otlpHttpPort() + "/v1/traces",
                "application/x-protobuf",
                obsera.apiKey(),
                config.threads())) {
      String tenant = "default";
      int warmUp = config.requests() * config.warmUpPercent() / 100;
      int seq = 0;
      if (warmUp > 0) {
        List<byte[]> requests = ProbedRequests.generate(warmUp, config.batch(), seq, 1);
        try (ProbeWatcher probes = new ProbeWatcher(ch, tenant, seq, seq + warmUp)) {
          LoadDriver.send(sender, requests, seq, config.threads(), 0, probes);
          probes.awaitAll(LANDING_TIMEOUT_MILLIS);
        }
        seq += warmUp;
        out.printf("warm-up: %d spans landed, %s%n", (long) warmUp * perRequest, load());
      }

      List<byte[]> timed = ProbedRequests.generate(config.requests(), config.batch(), seq, 2);
      long spans = (long) timed.size() * perRequest;
      ThreadCpuProfile cpu0 = ThreadCpuProfile.now();
      double e2eRate;
      try (ProbeWatcher probes = new ProbeWatcher(ch, tenant, seq, seq + timed.size())) {
        long t0 = System.nanoTime();
        long sendNanos = LoadDriver.send(sender, timed, seq, config.threads(), 0, probes);
        int landed = probes.awaitAll(LANDING_TIMEOUT_MILLIS);
        long landNanos = System.nanoTime() - t0;
        check(landed, timed.size());
        e2eRate = spans / (landNanos / 1e9);
        out.printf(
            "%nthroughput: %,d spans accepted at %,.0f spans/s; queryable end to end at %,.0f"
                + " spans/s (last row %.1f s after the last answer); latency at full load p50"
                + " %.0f ms, p99 %.0f ms; %s%n",
            spans,
            spans / (sendNanos / 1e9),
            e2eRate,
            (landNanos - sendNanos) / 1e9,
            probes.percentile(0.50),
            probes.percentile(0.99),
            load());
        out.println("  cpu: " + ThreadCpuProfile.now().since(cpu0, 8));
      }
      seq += timed.size();

      int rate = config.latencyRate() > 0 ? config.latencyRate() : (int) (e2eRate / 2);
      int count = Math.max(1, (int) ((long) rate * config.latencySeconds() / perRequest));
      List<byte[]> paced = ProbedRequests.generate(count, config.batch(), seq, 3);
      long interval = 1_000_000_000L * perRequest / Math.max(1, rate);
      ThreadCpuProfile cpu1 = ThreadCpuProfile.now();
      try (ProbeWatcher probes = new ProbeWatcher(ch, tenant, seq, seq + count)) {
        LoadDriver.send(sender, paced, seq, config.threads(), interval, probes);
        check(probes.awaitAll(LANDING_TIMEOUT_MILLIS), count);
        out.printf(
            "%nlatency at %,d spans/s (%d requests): ingest to queryable p50 %.0f ms, p99 %.0f ms,"
                + " max %.0f ms; %s%n",
            rate,
            count,
            probes.percentile(0.50),
            probes.percentile(0.99),
            probes.percentile(1.0),
            load());
        out.println("  cpu: " + ThreadCpuProfile.now().since(cpu1, 8));
      }

      DirectInsert.Result direct = DirectInsert.run(ch, "otel_traces", timed, perRequest);
      out.printf(
          "%ndirect RowBinary insert of the same %,d spans: %,.0f spans/s; end to end / direct ="
              + " %.2f; %s%n",
          direct.rows(), direct.rowsPerSecond(), e2eRate / direct.rowsPerSecond(), load());
    }
  }

  private static void check(int landed, int expected) {
    if (landed < expected) {
      throw new IllegalStateException(
          "only " + landed + " of " + expected + " requests became queryable in time");
    }
  }

  private static String load() {
    return String.format(
        "load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}

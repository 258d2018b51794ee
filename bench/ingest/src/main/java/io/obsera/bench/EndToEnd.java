package io.obsera.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.obsera.ingest.translate.Fragment;
import io.obsera.ingest.translate.TraceFragmenter;
import io.obsera.streams.sink.RowBinaryBatches;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code e2e} scenario: OTLP/HTTP protobuf spans through Obsera until every row has landed in
 * ClickHouse, against inserting the same rows straight into ClickHouse with RowBinary (the physical
 * limit of the machine). The warm-up is left to land before the clock starts.
 */
final class EndToEnd {
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(10);
  private static final int DIRECT_BATCH_SPANS = 50_000;

  /** The accepted part, then rows landed and rows inserted directly, with their wall times. */
  record Result(LoadResult accepted, long landed, long landNanos, long direct, long directNanos) {
    double landedPerSecond() {
      return landed / (landNanos / 1e9);
    }

    double directPerSecond() {
      return direct / (directNanos / 1e9);
    }
  }

  private final LoadRunner runner;
  private final RowLanding landing;
  private final Client clickHouse;

  EndToEnd(LoadRunner runner, RowLanding landing, Client clickHouse) {
    this.runner = runner;
    this.landing = landing;
    this.clickHouse = clickHouse;
  }

  /** Runs the timed part; {@code warmUpItems} were sent just before and are left to land first. */
  Result run(Workload work, Sender sender, long before, long warmUpItems) throws Exception {
    String table = work.table();
    landing.await(table, before + warmUpItems, LANDING_TIMEOUT);
    long baseline = landing.count(table);
    long t0 = System.nanoTime();
    LoadResult accepted = runner.run(Scenario.E2E, sender, work.timed(), work.itemsPerBody());
    long landed = landing.await(table, baseline + accepted.items(), LANDING_TIMEOUT) - baseline;
    long landNanos = System.nanoTime() - t0;

    List<byte[]> rowBatches = rowBinary(work.timed(), work.itemsPerBody());
    clickHouse.execute("CREATE TABLE IF NOT EXISTS bench_direct AS " + table).get().close();
    clickHouse.execute("TRUNCATE TABLE bench_direct").get().close();
    long t1 = System.nanoTime();
    for (byte[] rows : rowBatches) {
      clickHouse
          .insert(
              "bench_direct",
              RowBinaryBatches.spanColumns(),
              new ByteArrayInputStream(rows),
              ClickHouseFormat.RowBinary,
              new InsertSettings())
          .get(5, TimeUnit.MINUTES)
          .close();
    }
    long directNanos = System.nanoTime() - t1;
    return new Result(accepted, landed, landNanos, landing.count("bench_direct"), directNanos);
  }

  /** The rows the writer would insert for these bodies, in RowBinary batches of about 50k spans. */
  private static List<byte[]> rowBinary(List<byte[]> bodies, int spansPerBody) throws Exception {
    List<byte[]> batches = new ArrayList<>();
    List<byte[]> pending = new ArrayList<>();
    int pendingSpans = 0;
    for (byte[] body : bodies) {
      for (Fragment f :
          TraceFragmenter.fragment("default", ExportTraceServiceRequest.parseFrom(body))
              .fragments()) {
        pending.add(f.value());
      }
      pendingSpans += spansPerBody;
      if (pendingSpans >= DIRECT_BATCH_SPANS) {
        batches.add(RowBinaryBatches.spans("default", pending));
        pending = new ArrayList<>();
        pendingSpans = 0;
      }
    }
    if (!pending.isEmpty()) {
      batches.add(RowBinaryBatches.spans("default", pending));
    }
    return batches;
  }
}

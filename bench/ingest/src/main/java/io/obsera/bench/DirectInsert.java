package io.obsera.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.obsera.ingest.fragment.Fragment;
import io.obsera.ingest.fragment.TraceFragmenter;
import io.obsera.writer.sink.RowBinaryBatches;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The physical limit of the machine: the rows the writer would insert for some span export bodies,
 * encoded to RowBinary beforehand and inserted straight into a copy of the spans table ({@code
 * bench_direct}) in batches of about 50k spans.
 */
public final class DirectInsert {
  private static final int BATCH_SPANS = 50_000;

  /** Rows in {@code bench_direct} after the inserts, and the inserts' wall time. */
  public record Result(long rows, long nanos) {
    public double rowsPerSecond() {
      return rows / (nanos / 1e9);
    }
  }

  private DirectInsert() {}

  public static Result run(
      Client clickHouse, String spansTable, List<byte[]> bodies, int spansPerBody)
      throws Exception {
    List<byte[]> rowBatches = rowBinary(bodies, spansPerBody);
    clickHouse.execute("CREATE TABLE IF NOT EXISTS bench_direct AS " + spansTable).get().close();
    clickHouse.execute("TRUNCATE TABLE bench_direct").get().close();
    long t0 = System.nanoTime();
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
    long nanos = System.nanoTime() - t0;
    long rows = clickHouse.queryAll("SELECT count() AS c FROM bench_direct").get(0).getLong("c");
    return new Result(rows, nanos);
  }

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
      if (pendingSpans >= BATCH_SPANS) {
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

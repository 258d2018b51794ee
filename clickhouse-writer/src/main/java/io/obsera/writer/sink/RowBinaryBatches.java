package io.obsera.writer.sink;

import java.util.List;

/**
 * Public access to the writer's RowBinary encoding of span fragments, for the ingest benchmark's
 * direct-insert baseline (the same bytes the writer would send).
 */
public final class RowBinaryBatches {
  private static final SpanTableEncoder SPANS = new SpanTableEncoder();

  private RowBinaryBatches() {}

  public static List<String> spanColumns() {
    return SpanTableEncoder.SPANS.columns();
  }

  /** RowBinary rows of {@code otel_traces} for the given OTLP trace fragments. */
  public static byte[] spans(String tenant, List<byte[]> fragments) {
    RowBinaryOut out = new RowBinaryOut();
    for (byte[] f : fragments) {
      SPANS.encode(tenant, tenant + "|", f, table -> out);
    }
    return out.toByteArray();
  }
}

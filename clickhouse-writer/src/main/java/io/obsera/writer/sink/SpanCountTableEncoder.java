package io.obsera.writer.sink;

import io.obsera.model.RecordKeys;
import java.nio.ByteBuffer;
import java.util.List;

/** Span-count changes from the topology to {@code trace_span_counts}. */
final class SpanCountTableEncoder implements TableEncoder {
  private final java.time.Clock clock;

  SpanCountTableEncoder(java.time.Clock clock) {
    this.clock = clock;
  }

  static final TableSpec COUNTS =
      new TableSpec("trace_span_counts", List.of("TenantId", "TraceId", "SpanCount", "UpdatedAt"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    RowBinaryOut out = outputs.table(COUNTS);
    if (key == null || value == null || value.length != 8) {
      throw new PoisonRecordException("span count record is not a tenant-keyed 8-byte long", null);
    }
    out.string(tenant)
        .string(RecordKeys.localPart(key))
        .uint64(ByteBuffer.wrap(value).getLong())
        .dateTime64Millis(clock.millis());
    return 1;
  }
}

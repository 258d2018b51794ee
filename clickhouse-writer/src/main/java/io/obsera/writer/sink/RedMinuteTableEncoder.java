package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.facts.RedMinute;
import java.io.IOException;
import java.util.List;

/** Closed RED minutes from the topology to {@code red_minute}. */
final class RedMinuteTableEncoder implements TableEncoder {
  static final TableSpec RED =
      new TableSpec(
          "red_minute",
          List.of(
              "TenantId",
              "ServiceName",
              "Operation",
              "Region",
              "Minute",
              "Count",
              "Errors",
              "DurationSumNanos",
              "LatencyBuckets"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    RedMinute m;
    try {
      m = Json.MAPPER.readValue(value, RedMinute.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("RED minute is not valid JSON: " + e.getMessage(), e);
    }
    RowBinaryOut out = outputs.table(RED);
    out.string(tenant)
        .string(m.service())
        .string(m.operation())
        .string(m.region())
        .uint32(m.minuteStartMillis() / 1000)
        .uint64(m.count())
        .uint64(m.errors())
        .uint64(m.durationSumNanos());
    long[] buckets = m.buckets();
    out.array(java.util.stream.LongStream.of(buckets).boxed().toList(), out::uint64);
    return 1;
  }
}

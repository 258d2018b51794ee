package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.facts.Usage;
import java.io.IOException;
import java.util.List;

/** Usage totals from the topology to {@code usage_hourly}. */
final class UsageTableEncoder implements TableEncoder {
  static final TableSpec USAGE =
      new TableSpec(
          "usage_hourly",
          List.of("TenantId", "Hour", "Spans", "Logs", "MetricPoints", "Bytes", "Version"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    Usage u;
    try {
      u = Json.MAPPER.readValue(value, Usage.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("usage record is not valid JSON: " + e.getMessage(), e);
    }
    outputs
        .table(USAGE)
        .string(tenant)
        .uint32(u.hourStartMillis() / 1000)
        .uint64(u.spans())
        .uint64(u.logs())
        .uint64(u.metricPoints())
        .uint64(u.bytes())
        .uint64(u.version());
    return 1;
  }
}

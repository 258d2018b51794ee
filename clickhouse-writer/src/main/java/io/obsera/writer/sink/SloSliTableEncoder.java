package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.facts.SliDelta;
import java.io.IOException;
import java.util.List;

/** SLI count deltas from the topology to {@code slo_sli_minute} (summed per minute there). */
final class SloSliTableEncoder implements TableEncoder {
  static final TableSpec SLI =
      new TableSpec("slo_sli_minute", List.of("TenantId", "SloId", "Minute", "Good", "Total"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    SliDelta d;
    try {
      d = Json.MAPPER.readValue(value, SliDelta.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("SLI delta is not valid JSON: " + e.getMessage(), e);
    }
    outputs
        .table(SLI)
        .string(tenant)
        .string(d.sloId())
        .uint32(d.minuteStartMillis() / 1000)
        .uint64(d.good())
        .uint64(d.total());
    return 1;
  }
}

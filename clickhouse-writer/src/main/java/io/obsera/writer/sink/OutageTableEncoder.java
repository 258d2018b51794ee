package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.probe.OutageEvent;
import java.io.IOException;
import java.util.List;

/**
 * Outage events from the topology to {@code outages}: one row per event, its time as {@code
 * UpdatedAt}, so the latest event of an outage is its row under {@code FINAL}.
 */
final class OutageTableEncoder implements TableEncoder {
  static final TableSpec OUTAGES =
      new TableSpec(
          "outages",
          List.of(
              "TenantId",
              "EndpointId",
              "OutageId",
              "Kind",
              "State",
              "StartTime",
              "EndTime",
              "Regions",
              "Cause",
              "UpdatedAt"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    OutageEvent e;
    try {
      e = Json.MAPPER.readValue(value, OutageEvent.class);
    } catch (IOException | RuntimeException ex) {
      throw new PoisonRecordException("outage event is not valid JSON: " + ex.getMessage(), ex);
    }
    if (e.outageId() == null
        || e.kind() == null
        || e.state() == null
        || e.startedAt() == null
        || e.time() == null) {
      throw new PoisonRecordException("outage event lacks id, kind, state, start or time", null);
    }
    RowBinaryOut out = outputs.table(OUTAGES);
    out.string(tenant)
        .string(e.endpointId())
        .string(e.outageId())
        .int8(e.kind().ordinal() + 1) // Enum8('DOWN' = 1, 'DEGRADED' = 2, 'NO_DATA' = 3)
        .int8(e.state().ordinal() + 1) // Enum8('OPEN' = 1, 'RESOLVED' = 2)
        .dateTime64Millis(e.startedAt().toEpochMilli())
        .nullable(e.endedAt(), t -> out.dateTime64Millis(t.toEpochMilli()))
        .array(e.regions() == null ? List.of() : e.regions(), out::string)
        .string(e.cause())
        .dateTime64Millis(e.time().toEpochMilli());
    return 1;
  }
}

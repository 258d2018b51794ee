package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Alert events to {@code alerts}: one row per event; {@code Service} is the {@code service} label
 * ('' without one). An event that does not decode, lacks what identifies it, or names another
 * tenant than its key is poison (dead-lettered by the writer).
 */
final class AlertTableEncoder implements TableEncoder {
  static final TableSpec ALERTS =
      new TableSpec(
          "alerts",
          List.of(
              "TenantId",
              "Fingerprint",
              "RuleId",
              "Name",
              "Source",
              "Severity",
              "State",
              "Sequence",
              "Labels",
              "Service",
              "Summary",
              "Value",
              "Threshold",
              "StartsAt",
              "EndsAt",
              "EventTime"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    AlertEvent e;
    try {
      e = Json.MAPPER.readValue(value, AlertEvent.class);
    } catch (IOException | RuntimeException ex) {
      throw new PoisonRecordException("alert event is not valid JSON: " + ex.getMessage(), ex);
    }
    if (e == null
        || e.fingerprint() == null
        || e.fingerprint().isEmpty()
        || e.source() == null
        || e.severity() == null
        || e.state() == null
        || e.sequence() < 1
        || e.startsAt() == null
        || e.time() == null
        || (e.state() == AlertState.RESOLVED && e.endsAt() == null)) {
      throw new PoisonRecordException(
          "alert event lacks fingerprint, source, severity, state, a sequence >= 1, startsAt,"
              + " time, or endsAt when RESOLVED",
          null);
    }
    if (!tenant.equals(e.tenantId())) {
      throw new PoisonRecordException(
          "alert event of tenant " + e.tenantId() + " under a key of tenant " + tenant, null);
    }
    RowBinaryOut out = outputs.table(ALERTS);
    out.string(tenant)
        .string(e.fingerprint())
        .string(e.ruleId())
        .string(e.name())
        .int8(e.source().ordinal() + 1) // Enum8 BURN_RATE=1, THRESHOLD, NO_DATA, OUTAGE
        .int8(e.severity().ordinal() + 1) // Enum8 PAGE=1, TICKET, INFO
        .int8(e.state().ordinal() + 1) // Enum8 FIRING=1, RESOLVED
        .uint64(e.sequence())
        .stringMap(e.labels())
        .string(e.labels().getOrDefault("service", ""))
        .string(e.summary())
        .nullable(e.value(), out::float64)
        .nullable(e.threshold(), out::float64)
        .dateTime64Nanos(nanos(e.startsAt()))
        .nullable(e.endsAt(), t -> out.dateTime64Nanos(nanos(t)))
        .dateTime64Nanos(nanos(e.time()));
    return 1;
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}

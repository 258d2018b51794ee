package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.audit.AuditEvent;
import java.io.IOException;
import java.util.List;

/**
 * Audit events from the query service to {@code audit_log}: one row per event; an event without
 * before/after (written before snapshots, or changing no record) stores '' in both.
 */
final class AuditTableEncoder implements TableEncoder {
  static final TableSpec AUDIT_LOG =
      new TableSpec(
          "audit_log",
          List.of(
              "TenantId",
              "Time",
              "EventId",
              "Actor",
              "Action",
              "Object",
              "Outcome",
              "Detail",
              "ClientAddress",
              "Before",
              "After"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    AuditEvent e;
    try {
      e = Json.MAPPER.readValue(value, AuditEvent.class);
    } catch (IOException | RuntimeException ex) {
      throw new PoisonRecordException("audit event is not valid JSON: " + ex.getMessage(), ex);
    }
    if (e.id() == null || e.time() == null || e.action() == null) {
      throw new PoisonRecordException("audit event lacks id, time or action", null);
    }
    outputs
        .table(AUDIT_LOG)
        .string(tenant)
        .dateTime64Millis(e.time().toEpochMilli())
        .string(e.id())
        .string(nonNull(e.actor()))
        .string(e.action())
        .string(nonNull(e.object()))
        .uint16(e.outcome())
        .string(nonNull(e.detail()))
        .string(nonNull(e.clientAddress()))
        .string(nonNull(e.before()))
        .string(nonNull(e.after()));
    return 1;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}

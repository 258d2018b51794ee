package io.obsera.query.identity;

import com.clickhouse.client.api.Client;
import io.obsera.model.audit.AuditEvent;
import io.obsera.testing.TestClickHouse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores audit events in {@code audit_log} the way the ClickHouse writer does (query-service does
 * not depend on the writer, whose encoder {@code AuditTableIT} checks).
 */
final class AuditRows {
  private AuditRows() {}

  static void store(String database, String tenant, List<AuditEvent> events) {
    try (Client ch = TestClickHouse.adminClient()) {
      for (AuditEvent e : events) {
        Map<String, Object> p = new HashMap<>();
        p.put("t", tenant);
        p.put("time", e.time().toString());
        p.put("id", e.id());
        p.put("actor", e.actor());
        p.put("action", e.action());
        p.put("object", e.object());
        p.put("outcome", e.outcome());
        p.put("detail", e.detail());
        p.put("ip", e.clientAddress());
        p.put("before", e.before() == null ? "" : e.before());
        p.put("after", e.after() == null ? "" : e.after());
        ch.queryAll(
            "INSERT INTO "
                + database
                + ".audit_log (TenantId, Time, EventId, Actor, Action, Object, Outcome, Detail,"
                + " ClientAddress, Before, After) SELECT {t:String},"
                + " parseDateTime64BestEffort({time:String}, 3), {id:String}, {actor:String},"
                + " {action:String}, {object:String}, {outcome:UInt16}, {detail:String},"
                + " {ip:String}, {before:String}, {after:String}",
            p);
      }
    }
  }
}

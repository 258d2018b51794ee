package io.obsera.query.dashboards;

import io.obsera.model.control.TenantRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A SQL-backed dashboard, kept in the compacted topic {@code obsera.control.dashboards} under the
 * key {@code tenant|id}; each version carries who changed it and when (the audit trail).
 */
public record Dashboard(
    String id, String tenantId, String title, List<Panel> panels, Instant updatedAt, String actor) {
  /** The most panels a dashboard can hold; tenants' quotas may allow fewer. */
  public static final int MAX_PANELS = 50;

  public Dashboard {
    if (id == null || !Panel.ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "dashboard id must be 1-63 characters of a-z, 0-9 and '-', got: " + id);
    }
    TenantRecord.requireValidId(tenantId);
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("field 'title' is required (1-200 characters)");
    }
    panels = panels == null ? List.of() : List.copyOf(panels);
    if (panels.size() > MAX_PANELS) {
      throw new IllegalArgumentException("a dashboard has at most " + MAX_PANELS + " panels");
    }
    Set<String> ids = new HashSet<>();
    for (Panel p : panels) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("panel id '" + p.id() + "' is used twice");
      }
    }
  }

  public String key() {
    return key(tenantId, id);
  }

  static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  Panel panel(String panelId) {
    return panels.stream().filter(p -> p.id().equals(panelId)).findFirst().orElse(null);
  }
}

package io.obsera.query.dashboards;

import io.obsera.model.control.TenantRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dashboard, kept in the compacted topic {@code obsera.control.dashboards} under the key {@code
 * tenant|id}; each version carries who changed it and when (the audit trail). Its {@link Variable}s
 * are bound as the parameters of its SQL panels. A dashboard saved before layouts existed gets one
 * when read: its panels without a layout are placed two per row in their order.
 */
public record Dashboard(
    String id,
    String tenantId,
    String title,
    List<Panel> panels,
    Instant updatedAt,
    String actor,
    List<Variable> variables) {
  /** The most panels a dashboard can hold; tenants' quotas may allow fewer. */
  public static final int MAX_PANELS = 50;

  /** The most variables a dashboard can hold. */
  public static final int MAX_VARIABLES = 10;

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
    List<Panel> placed = new ArrayList<>();
    for (Panel p : panels) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("panel id '" + p.id() + "' is used twice");
      }
      placed.add(p.layout() == null ? p.at(PanelLayout.byIndex(placed.size())) : p);
    }
    panels = List.copyOf(placed);
    variables = variables == null ? List.of() : List.copyOf(variables);
    if (variables.size() > MAX_VARIABLES) {
      throw new IllegalArgumentException(
          "field 'variables': a dashboard has at most " + MAX_VARIABLES + " variables");
    }
    Map<String, String> bound = new HashMap<>();
    for (Variable v : variables) {
      for (Map.Entry<String, String> param : v.parameters().entrySet()) {
        if (bound.put(param.getKey(), param.getValue()) != null) {
          throw new IllegalArgumentException(
              "field 'variables': parameter '" + param.getKey() + "' is bound twice");
        }
      }
    }
    for (Panel p : panels) {
      p.params()
          .forEach(
              (name, type) -> {
                String expected = bound.get(name);
                if (expected != null && !expected.equals(type)) {
                  throw new IllegalArgumentException(
                      "panel "
                          + p.id()
                          + ": parameter '"
                          + name
                          + "' is bound to a dashboard variable of type "
                          + expected
                          + ", declared "
                          + type);
                }
              });
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

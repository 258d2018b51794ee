package io.obsera.query.dashboards;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dashboard panel of one {@code kind}, at its {@code layout} on the dashboard's grid:
 *
 * <ul>
 *   <li>{@code sql}: a SQL template whose {@code {name:Type}} placeholders are its declared
 *       parameters ({@code params}: name -> ClickHouse type), bound by ClickHouse when the panel
 *       runs; drawn as {@code display} {@code timeseries}, {@code table}, {@code stat} or {@code
 *       bar};
 *   <li>{@code metric}: a {@link MetricSpec} (the Metrics page's picker, no SQL);
 *   <li>{@code slo-budget} of the SLO {@code sloId}; {@code uptime} bars of the endpoint {@code
 *       endpointId};
 *   <li>{@code logs} and {@code traces} lists, optionally of one {@code service} and (logs) a
 *       search {@code query}.
 * </ul>
 *
 * A panel saved before kinds and layouts existed reads as a {@code sql} {@code table}; its
 * dashboard gives it a layout ({@link PanelLayout#byIndex}).
 */
public record Panel(
    String id,
    String title,
    String sql,
    Map<String, String> params,
    String kind,
    String display,
    PanelLayout layout,
    MetricSpec metric,
    String sloId,
    String endpointId,
    String service,
    String query) {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final int MAX_SQL_CHARS = 65_536;
  static final List<String> KINDS =
      List.of("sql", "metric", "slo-budget", "logs", "traces", "uptime");
  static final List<String> DISPLAYS = List.of("timeseries", "table", "stat", "bar");
  private static final int MAX_TEXT = 1024;

  /** A SQL panel shown as a table, placed by its dashboard. */
  public Panel(String id, String title, String sql, Map<String, String> params) {
    this(id, title, sql, params, null, null, null, null, null, null, null, null);
  }

  /** Checks the panel; the message names the field. Missing params are taken from the SQL. */
  public Panel {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "panel id must be 1-63 characters of a-z, 0-9 and '-', got: " + id);
    }
    if (title == null || title.isBlank()) {
      title = id;
    }
    kind = kind == null ? "sql" : kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "panel " + id + ": field 'kind' must be one of " + KINDS + ", got '" + kind + "'");
    }
    if (kind.equals("sql")) {
      display = display == null ? "table" : display.toLowerCase(Locale.ROOT);
      if (!DISPLAYS.contains(display)) {
        throw new IllegalArgumentException(
            "panel "
                + id
                + ": field 'display' must be one of "
                + DISPLAYS
                + ", got '"
                + display
                + "'");
      }
      params = sqlParams(id, sql, params);
    } else {
      if (sql != null || params != null && !params.isEmpty() || display != null) {
        throw new IllegalArgumentException(
            "panel "
                + id
                + ": fields 'sql', 'params' and 'display' belong to kind sql, not "
                + kind);
      }
      params = Map.of();
    }
    requireFor(id, kind, "metric", "metric", metric);
    requireFor(id, kind, "slo-budget", "sloId", sloId);
    requireFor(id, kind, "uptime", "endpointId", endpointId);
    if ((service != null || query != null) && !kind.equals("logs") && !kind.equals("traces")) {
      throw new IllegalArgumentException(
          "panel " + id + ": fields 'service' and 'query' belong to kinds logs and traces");
    }
    if (query != null && kind.equals("traces")) {
      throw new IllegalArgumentException("panel " + id + ": field 'query' belongs to kind logs");
    }
    for (String text : new String[] {sloId, endpointId, service, query}) {
      if (text != null && text.length() > MAX_TEXT) {
        throw new IllegalArgumentException(
            "panel " + id + ": a field is longer than " + MAX_TEXT + " characters");
      }
    }
  }

  /** The same panel at {@code at}. */
  Panel at(PanelLayout at) {
    return new Panel(
        id, title, sql, params, kind, display, at, metric, sloId, endpointId, service, query);
  }

  /** {@code field} is required for {@code kind} {@code owner}, and refused for any other kind. */
  private static void requireFor(String id, String kind, String owner, String field, Object v) {
    if (kind.equals(owner) && (v == null || v instanceof String s && s.isBlank())) {
      throw new IllegalArgumentException(
          "panel " + id + ": field '" + field + "' is required for kind " + kind);
    }
    if (!kind.equals(owner) && v != null) {
      throw new IllegalArgumentException(
          "panel " + id + ": field '" + field + "' belongs to kind " + owner + ", not " + kind);
    }
  }

  private static Map<String, String> sqlParams(String id, String sql, Map<String, String> params) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("panel " + id + ": field 'sql' is required");
    }
    if (sql.length() > MAX_SQL_CHARS) {
      throw new IllegalArgumentException(
          "panel " + id + ": 'sql' is longer than " + MAX_SQL_CHARS + " characters");
    }
    Map<String, String> found = PanelTemplate.placeholders(sql);
    if (params == null) {
      params = found;
    } else if (!params.equals(found)) {
      throw new IllegalArgumentException(
          "panel "
              + id
              + ": 'params' "
              + params
              + " must declare exactly the SQL's placeholders "
              + found);
    }
    params.forEach((name, type) -> PanelTemplate.requireSupportedType(id, name, type));
    return Map.copyOf(params);
  }
}

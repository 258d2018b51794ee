package io.obsera.query.dashboards;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dashboard panel: a SQL template whose {@code {name:Type}} placeholders are its declared
 * parameters ({@code params}: name -> ClickHouse type), bound by ClickHouse when the panel runs.
 */
public record Panel(String id, String title, String sql, Map<String, String> params) {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final int MAX_SQL_CHARS = 65_536;

  /** Checks the panel; the message names the field. Missing params are taken from the SQL. */
  public Panel {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "panel id must be 1-63 characters of a-z, 0-9 and '-', got: " + id);
    }
    if (title == null || title.isBlank()) {
      title = id;
    }
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
    params = Map.copyOf(params);
  }
}

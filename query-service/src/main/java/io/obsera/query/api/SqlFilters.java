package io.obsera.query.api;

import java.util.Map;

/** Filter conditions shared by the read queries; values always travel as parameters. */
public final class SqlFilters {
  private SqlFilters() {}

  /**
   * Appends one condition per {@code attr.<key>=<value>} filter: the row's {@code column} map or
   * its resource attributes hold the value under the key.
   */
  public static void attributes(
      StringBuilder where, Map<String, Object> params, Map<String, String> filters, String column) {
    int i = 0;
    for (Map.Entry<String, String> a : filters.entrySet()) {
      String k = "{ak" + i + ":String}";
      String v = "{av" + i + ":String}";
      where.append(
          " AND ("
              + column
              + "["
              + k
              + "] = "
              + v
              + " OR ResourceAttributes["
              + k
              + "] = "
              + v
              + ")");
      params.put("ak" + i, a.getKey());
      params.put("av" + i, a.getValue());
      i++;
    }
  }
}

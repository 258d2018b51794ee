package io.obsera.query.api;

import java.util.List;

/**
 * Array values as ClickHouse parameter text ({@code {name:Array(String)}}): the server parses it as
 * a value of that type, never as SQL; quotes and backslashes are escaped.
 */
public final class SqlArrays {
  private SqlArrays() {}

  public static String strings(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('\'').append(values.get(i).replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }
    return b.append(']').toString();
  }
}

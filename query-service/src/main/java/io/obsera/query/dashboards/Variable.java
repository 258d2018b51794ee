package io.obsera.query.dashboards;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dashboard variable the viewer sets (in the UI's URL): a {@code service} or {@code region} name
 * bound as the {@code {name:String}} parameter of SQL panels that declare it, or a {@code
 * timerange} bound as {@code {from:DateTime64(9)}} and {@code {to:DateTime64(9)}}. Values are
 * always bound by ClickHouse, never pasted into SQL.
 */
public record Variable(String name, String type, String defaultValue) {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  public Variable {
    type = type == null ? null : type.toLowerCase(Locale.ROOT);
    if (type == null
        || !(type.equals("service") || type.equals("region") || type.equals("timerange"))) {
      throw new IllegalArgumentException(
          "variable 'type' must be service, region or timerange, got " + type);
    }
    if (type.equals("timerange")) {
      name = name == null ? "range" : name;
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "variable 'name' must be 1-63 characters of A-Z, a-z, 0-9 and '_' (not starting with a"
              + " digit), got: "
              + name);
    }
    if (defaultValue != null && defaultValue.length() > 256) {
      throw new IllegalArgumentException("variable 'defaultValue' is longer than 256 characters");
    }
  }

  /** The parameters this variable binds: placeholder name -> ClickHouse type. */
  Map<String, String> parameters() {
    return type.equals("timerange")
        ? Map.of("from", "DateTime64(9)", "to", "DateTime64(9)")
        : Map.of(name, "String");
  }
}

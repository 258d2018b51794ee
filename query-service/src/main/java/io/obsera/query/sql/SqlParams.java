package io.obsera.query.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.api.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query parameters from a JSON object: names like identifiers, values strings, numbers or booleans,
 * passed to ClickHouse as text for {@code {name:Type}} placeholders.
 */
public final class SqlParams {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private SqlParams() {}

  /** Parses {@code node} (absent or null: none); 400 naming the bad parameter. */
  public static Map<String, String> fromJson(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("field 'params' must be a JSON object of name -> value");
    }
    node.fields()
        .forEachRemaining(
            e -> {
              String name = e.getKey();
              requireName(name);
              JsonNode v = e.getValue();
              if (v.isTextual()) {
                out.put(name, v.asText());
              } else if (v.isNumber() || v.isBoolean()) {
                out.put(name, v.asText());
              } else {
                throw ApiException.badRequest(
                    "parameter '" + name + "' must be a string, number or boolean, got " + v);
              }
            });
    return out;
  }

  public static void requireName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "parameter name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]{0,63}");
    }
  }
}

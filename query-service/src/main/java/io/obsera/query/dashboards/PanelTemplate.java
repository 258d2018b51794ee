package io.obsera.query.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.api.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed parameters of a panel's SQL: finds the {@code {name:Type}} placeholders, and checks and
 * converts run-time values to the text ClickHouse parses for the type. Values never enter the SQL
 * text: ClickHouse binds them.
 */
final class PanelTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*([^{}]+?)\\s*}");
  private static final Pattern INTEGER = Pattern.compile("U?Int(8|16|32|64|128|256)");
  private static final Pattern DATETIME64 = Pattern.compile("DateTime64\\(\\s*[0-9]\\s*\\)");
  private static final java.time.format.DateTimeFormatter CLICKHOUSE_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn");
  private static final Pattern NANOS = Pattern.compile("-?[0-9]{1,19}");

  private PanelTemplate() {}

  /** name -> type of every placeholder, in order of appearance; 400 on conflicting types. */
  static Map<String, String> placeholders(String sql) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      String previous = out.putIfAbsent(m.group(1), m.group(2));
      if (previous != null && !previous.equals(m.group(2))) {
        throw new IllegalArgumentException(
            "parameter '" + m.group(1) + "' has two types: " + previous + " and " + m.group(2));
      }
    }
    return out;
  }

  static void requireSupportedType(String panel, String name, String type) {
    if (!(type.equals("String")
        || INTEGER.matcher(type).matches()
        || type.equals("Float32")
        || type.equals("Float64")
        || type.equals("Bool")
        || type.equals("UUID")
        || type.equals("Date")
        || type.equals("DateTime")
        || DATETIME64.matcher(type).matches())) {
      throw new IllegalArgumentException(
          "panel "
              + panel
              + ": parameter '"
              + name
              + "' has type "
              + type
              + "; supported: String, (U)Int8-256, Float32/64, Bool, UUID, Date, DateTime,"
              + " DateTime64(p)");
    }
  }

  /**
   * The values for a run: every declared parameter present with a value of its type, nothing else.
   *
   * @throws ApiException 400 naming the parameter
   */
  static Map<String, String> bind(Map<String, String> declared, JsonNode given) {
    if (given != null && !given.isNull() && !given.isObject()) {
      throw ApiException.badRequest("field 'params' must be a JSON object of name -> value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (given != null && given.isObject()) {
      given
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (!declared.containsKey(n)) {
                  throw ApiException.badRequest(
                      "parameter '" + n + "' is not declared by the panel " + declared.keySet());
                }
              });
    }
    declared.forEach(
        (name, type) -> {
          JsonNode v = given == null ? null : given.get(name);
          if (v == null || v.isNull()) {
            throw ApiException.badRequest("parameter '" + name + "' (" + type + ") is required");
          }
          if (!v.isValueNode()) {
            throw ApiException.badRequest("parameter '" + name + "' must be a single value");
          }
          out.put(name, convert(name, type, v.asText()));
        });
    return out;
  }

  private static String convert(String name, String type, String value) {
    try {
      if (type.equals("String")) {
        return value;
      }
      if (INTEGER.matcher(type).matches()) {
        BigDecimal d = new BigDecimal(value);
        if (type.startsWith("U") && d.signum() < 0) {
          throw new NumberFormatException("negative");
        }
        return d.toBigIntegerExact().toString();
      }
      if (type.startsWith("Float")) {
        return Double.toString(Double.parseDouble(value));
      }
      if (type.equals("Bool")) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("not true/false");
        }
        return value;
      }
      if (type.equals("UUID")) {
        return UUID.fromString(value).toString();
      }
      if (type.equals("Date")) {
        return LocalDate.parse(value).toString();
      }
      String utc = instant(value).atOffset(java.time.ZoneOffset.UTC).format(CLICKHOUSE_TIME);
      return type.equals("DateTime") ? utc.substring(0, 19) : utc;
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "parameter '" + name + "' must be a " + type + hint(type) + ", got '" + value + "'");
    }
  }

  private static String hint(String type) {
    return type.startsWith("DateTime")
        ? " (RFC 3339 like 2026-01-02T03:04:05Z, or Unix nanoseconds)"
        : "";
  }

  /** RFC 3339, or Unix nanoseconds as a decimal string. */
  static Instant instant(String value) {
    if (NANOS.matcher(value).matches()) {
      long nanos = Long.parseLong(value);
      return Instant.ofEpochSecond(
          Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}

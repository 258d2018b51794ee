package io.obsera.query.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.api.ApiException;
import java.math.BigInteger;
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

  /**
   * A decimal integer: an optional minus and at most 80 digits (Int256 and UInt256 have 78), so
   * converting it costs nothing whatever the client sends; exponents and fractions are refused.
   */
  private static final Pattern DECIMAL_INTEGER = Pattern.compile("-?[0-9]{1,80}");

  /** Values echoed in an error message are cut to this many characters. */
  private static final int SHOWN_CHARS = 64;

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
      Matcher integer = INTEGER.matcher(type);
      if (integer.matches()) {
        return integer(name, type, Integer.parseInt(integer.group(1)), value);
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
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "parameter '" + name + "' must be a " + type + hint(type) + ", got " + shown(value));
    }
  }

  /**
   * A (U)Int{@code bits} value in its type's range, as ClickHouse parses it: decimal digits only,
   * checked by pattern and length before any arithmetic (a {@code BigDecimal} of {@code
   * 1e700000000} would compute ten to that power).
   */
  private static String integer(String name, String type, int bits, String value) {
    boolean unsigned = type.startsWith("U");
    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
    BigInteger max =
        (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1))
            .subtract(BigInteger.ONE);
    BigInteger n = DECIMAL_INTEGER.matcher(value).matches() ? new BigInteger(value) : null;
    if (n == null || n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      throw ApiException.badRequest(
          "parameter '"
              + name
              + "' must be a "
              + type
              + " (a whole number from "
              + min
              + " to "
              + max
              + " in decimal digits), got "
              + shown(value));
    }
    return n.toString();
  }

  /** A value for an error message: quoted, and cut short when long. */
  private static String shown(String value) {
    return value.length() <= SHOWN_CHARS
        ? "'" + value + "'"
        : "'" + value.substring(0, SHOWN_CHARS) + "...' (" + value.length() + " characters)";
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

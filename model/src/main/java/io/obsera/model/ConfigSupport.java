package io.obsera.model;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Shared parsing rules for environment configuration; every error names the variable. */
public final class ConfigSupport {
  private ConfigSupport() {}

  public static String required(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is required but not set");
    }
    return v.strip();
  }

  public static int intVar(Map<String, String> env, String name, int defaultValue) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
    }
  }

  public static long longVar(Map<String, String> env, String name, long defaultValue) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }

  public static double doubleVar(Map<String, String> env, String name, double defaultValue) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
    }
  }

  /** A comma-separated list; blanks removed; empty when unset. */
  public static java.util.Set<String> listVar(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return java.util.Set.of();
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  public static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be a port between 0 and 65535, got " + port);
    }
  }

  /** Fails naming {@code name} unless {@code min <= value <= max}. */
  public static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Fails naming {@code name} unless {@code d} is a positive duration. */
  public static void requirePositive(String name, java.time.Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive number of milliseconds");
    }
  }

  public static void requireNonBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  /**
   * {@code KAFKA_SOME_SETTING=value} becomes {@code some.setting=value}, passed straight to the
   * Kafka clients ({@code KAFKA_BOOTSTRAP}-style Obsera variables are not of this form).
   */
  public static Map<String, String> kafkaOverrides(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("KAFKA_") && k.length() > 6) {
            out.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), v);
          }
        });
    return out;
  }
}

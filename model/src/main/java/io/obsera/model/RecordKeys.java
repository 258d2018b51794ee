package io.obsera.model;

import java.util.HexFormat;

/**
 * Kafka record keys. Every key starts with the tenant, so data of two tenants never share a key, a
 * partition-local store entry or a session window.
 */
public final class RecordKeys {
  private static final char SEPARATOR = '|';
  private static final HexFormat HEX = HexFormat.of();

  private RecordKeys() {}

  /** Key of spans and of logs that carry a trace id: {@code tenant|traceIdHex}. */
  public static String traceKey(String tenant, byte[] traceId) {
    return tenant + SEPARATOR + HEX.formatHex(traceId);
  }

  /** Key of logs without a trace id: {@code tenant|r:<resource hash>}. */
  public static String resourceKey(String tenant, int resourceHash) {
    return tenant + SEPARATOR + "r:" + Integer.toHexString(resourceHash);
  }

  /** Key of metric fragments: {@code tenant|m:<resource hash>:<metric name>}. */
  public static String metricKey(String tenant, int resourceHash, String metricName) {
    return tenant + SEPARATOR + "m:" + Integer.toHexString(resourceHash) + ":" + metricName;
  }

  /** The tenant part of a key. */
  public static String tenantOf(String key) {
    int i = key.indexOf(SEPARATOR);
    if (i <= 0) {
      throw new IllegalArgumentException("record key has no tenant part: " + key);
    }
    return key.substring(0, i);
  }

  /** The part after the tenant. */
  public static String localPart(String key) {
    int i = key.indexOf(SEPARATOR);
    if (i <= 0) {
      throw new IllegalArgumentException("record key has no tenant part: " + key);
    }
    return key.substring(i + 1);
  }
}

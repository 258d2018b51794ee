package io.obsera.alert.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable alert fingerprints: the first 16 bytes (32 hex digits) of SHA-256 over tenant, rule and
 * the label set sorted by name, so the same alert gets the same fingerprint in every process and
 * after every restart.
 */
public final class Fingerprints {
  private Fingerprints() {}

  public static String of(String tenantId, String ruleId, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder(tenantId).append('\0').append(ruleId);
    new TreeMap<>(labels).forEach((k, v) -> sb.append('\0').append(k).append('\u001f').append(v));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

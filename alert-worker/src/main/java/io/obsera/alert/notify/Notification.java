package io.obsera.alert.notify;

import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message about one alert, as every channel delivers it.
 *
 * <p>{@code deliveryId} is the idempotency key: the same logical notification (same tenant, alert
 * fingerprint, state and sequence) always carries the same id, so a repeat after a crash or a retry
 * can be dropped by the receiver. Build it with {@link #deliveryIdOf}.
 *
 * @param tenantId the tenant the alert belongs to
 * @param alertId the alert (rule) id, for display and links
 * @param fingerprint stable key of the alert instance (rule + label set); PagerDuty's dedup key is
 *     derived from it, so a trigger and its resolve match
 * @param sequence the number of this notification in the alert's life (1 = first firing; updates
 *     and the resolve count up)
 * @param deliveryId the idempotency key, see above
 * @param state firing or resolved
 * @param severity page, ticket or info
 * @param title one line (1-200 characters)
 * @param summary a few lines (at most 4000 characters, may be empty)
 * @param labels the alert's labels (service, region, slo...)
 * @param links deep links into Obsera
 * @param startsAt when the alert started firing
 * @param endsAt when it resolved; null while firing
 * @param alerts the fingerprints of the alerts this notification tells about (a group's firing and
 *     resolved members, sorted, at most {@link #MAX_ALERTS}), so each alert's delivery history can
 *     find it; empty in records of earlier versions and in channel tests
 */
public record Notification(
    String tenantId,
    String alertId,
    String fingerprint,
    long sequence,
    String deliveryId,
    AlertState state,
    Severity severity,
    String title,
    String summary,
    Map<String, String> labels,
    List<Link> links,
    Instant startsAt,
    Instant endsAt,
    List<String> alerts) {
  /** The most alert fingerprints one notification carries (32 hex digits each). */
  public static final int MAX_ALERTS = 2000;

  public Notification {
    requireText("tenantId", tenantId, 64);
    requireText("alertId", alertId, 128);
    requireText("fingerprint", fingerprint, 128);
    requireText("deliveryId", deliveryId, 128);
    requireText("title", title, 200);
    if (sequence < 1) {
      throw new IllegalArgumentException("field 'sequence' must be at least 1, got " + sequence);
    }
    if (state == null) {
      throw new IllegalArgumentException("field 'state' is required");
    }
    if (severity == null) {
      throw new IllegalArgumentException("field 'severity' is required");
    }
    summary = summary == null ? "" : summary;
    if (summary.length() > 4000) {
      throw new IllegalArgumentException("field 'summary' must be at most 4000 characters");
    }
    labels =
        labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    links = links == null ? List.of() : List.copyOf(links);
    if (startsAt == null) {
      throw new IllegalArgumentException("field 'startsAt' is required");
    }
    if (state == AlertState.RESOLVED && endsAt == null) {
      throw new IllegalArgumentException("field 'endsAt' is required when state is RESOLVED");
    }
    if (endsAt != null && endsAt.isBefore(startsAt)) {
      throw new IllegalArgumentException("field 'endsAt' must not be before 'startsAt'");
    }
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    if (alerts.size() > MAX_ALERTS) {
      throw new IllegalArgumentException("field 'alerts' must hold at most " + MAX_ALERTS);
    }
  }

  /**
   * This notification telling about the alerts {@code fingerprints} (the first {@link
   * #MAX_ALERTS}).
   */
  public Notification withAlerts(List<String> fingerprints) {
    return new Notification(
        tenantId,
        alertId,
        fingerprint,
        sequence,
        deliveryId,
        state,
        severity,
        title,
        summary,
        labels,
        links,
        startsAt,
        endsAt,
        fingerprints.stream().distinct().sorted().limit(MAX_ALERTS).toList());
  }

  /**
   * A notification whose delivery id is {@link #deliveryIdOf} its tenant, fingerprint, state and
   * sequence.
   */
  public static Notification of(
      String tenantId,
      String alertId,
      String fingerprint,
      long sequence,
      AlertState state,
      Severity severity,
      String title,
      String summary,
      Map<String, String> labels,
      List<Link> links,
      Instant startsAt,
      Instant endsAt) {
    return new Notification(
        tenantId,
        alertId,
        fingerprint,
        sequence,
        deliveryIdOf(tenantId, fingerprint, state, sequence),
        state,
        severity,
        title,
        summary,
        labels,
        links,
        startsAt,
        endsAt,
        List.of());
  }

  /**
   * The stable delivery id of a logical notification: the first 128 bits of SHA-256 over tenant,
   * fingerprint, state and sequence, as 32 hex digits.
   */
  public static String deliveryIdOf(
      String tenantId, String fingerprint, AlertState state, long sequence) {
    return sha256Hex(tenantId + "\n" + fingerprint + "\n" + state + "\n" + sequence)
        .substring(0, 32);
  }

  /**
   * The key that identifies this alert at the receiver across trigger, updates and resolve
   * (PagerDuty's {@code dedup_key}): tenant and fingerprint, hashed to 40 hex digits so it stays
   * under every vendor's length limit and reveals nothing.
   */
  public String alertKey() {
    return "obsera-" + sha256Hex(tenantId + "\n" + fingerprint).substring(0, 40);
  }

  private static String sha256Hex(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be 1-" + max + " characters, got: " + value);
    }
  }
}

package io.obsera.model.control;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * A tenant, as kept in the compacted tenants topic (key: tenant id), with its limit overrides (null
 * fields: service defaults) and its data retention in days (null: the service default, {@code
 * OBSERA_RETENTION_DAYS}) and its time zone (an IANA id such as {@code Europe/Berlin}; null: UTC),
 * in which SLA reports cut months and days.
 */
public record TenantRecord(
    String id,
    String name,
    Instant createdAt,
    String actor,
    TenantLimits limits,
    Integer retentionDays,
    String timeZone) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /**
   * The reserved tenant of the operator: audit events of no tenant, and Obsera's own alerts with
   * their channels and routing (never a valid id of a real tenant).
   */
  public static final String OPERATOR = "_operator";

  /** Longest retention a tenant can have: ten years. */
  public static final int MAX_RETENTION_DAYS = 3650;

  public TenantRecord {
    requireValidId(id);
    if (name == null || name.isBlank()) {
      name = id;
    }
    if (limits == null) {
      limits = TenantLimits.none();
    }
    if (retentionDays != null && (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS)) {
      throw new IllegalArgumentException(
          "retention days must be between 1 and " + MAX_RETENTION_DAYS + ", got " + retentionDays);
    }
    if (timeZone != null) {
      requireValidZone(timeZone);
    }
  }

  /** A tenant with limits and retention, in UTC. */
  public TenantRecord(
      String id,
      String name,
      Instant createdAt,
      String actor,
      TenantLimits limits,
      Integer retentionDays) {
    this(id, name, createdAt, actor, limits, retentionDays, null);
  }

  /** A tenant with default limits. */
  public TenantRecord(String id, String name, Instant createdAt, String actor) {
    this(id, name, createdAt, actor, TenantLimits.none(), null, null);
  }

  public TenantRecord withLimits(TenantLimits newLimits, String by) {
    return new TenantRecord(id, name, createdAt, by, newLimits, retentionDays, timeZone);
  }

  /** The same tenant with another retention (null: back to the service default). */
  public TenantRecord withRetention(Integer days, String by) {
    return new TenantRecord(id, name, createdAt, by, limits, days, timeZone);
  }

  /** The same tenant in another time zone (an IANA id; null: back to UTC). */
  public TenantRecord withTimeZone(String zone, String by) {
    return new TenantRecord(id, name, createdAt, by, limits, retentionDays, zone);
  }

  /** The tenant's zone: {@link #timeZone} or UTC. */
  public ZoneId zone() {
    return ZoneId.of(timeZone == null ? "UTC" : timeZone);
  }

  /** Throws with a message naming the field when {@code zone} is not an IANA zone id. */
  public static void requireValidZone(String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "field 'timeZone' must be an IANA time zone such as Europe/Berlin or UTC, got: " + zone);
    }
  }

  /** Throws with a message naming the rule when {@code id} is not a valid tenant id. */
  public static void requireValidId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or"
              + " digit, got: "
              + id);
    }
  }
}

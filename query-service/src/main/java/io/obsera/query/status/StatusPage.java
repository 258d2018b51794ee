package io.obsera.query.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a public status page shows (also its JSON, {@code GET /status/{slug}.json}).
 *
 * @param status the worst status of the components
 * @param asOf the figures are as of this time (rounded down to 30 s, so the ETag is stable)
 */
public record StatusPage(
    String slug,
    String title,
    String status,
    Instant asOf,
    String timeZone,
    int days,
    List<Component> components,
    List<OutageItem> activeOutages,
    List<OutageItem> recentOutages) {

  /** Current status, most severe first. */
  public enum Status {
    OUTAGE("outage", "Outage", "#d03b3b"),
    DEGRADED("degraded", "Degraded", "#e0a11b"),
    NO_DATA("no_data", "No data", "#9e9e9e"),
    OPERATIONAL("operational", "Operational", "#2e9e4f");

    public final String id;
    public final String label;
    public final String colour;

    Status(String id, String label, String colour) {
      this.id = id;
      this.label = label;
      this.colour = colour;
    }

    public static Status of(String id) {
      for (Status s : values()) {
        if (s.id.equals(id)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown status " + id);
    }

    /** The more severe of two. */
    public Status worst(Status other) {
      return ordinal() <= other.ordinal() ? this : other;
    }
  }

  /**
   * One component: an endpoint, or a service (its endpoints together).
   *
   * @param id the service's name, or the endpoint's name (endpoint ids are internal)
   * @param endpoints the names of its endpoints
   */
  public record Component(
      String id,
      String name,
      String kind,
      List<String> endpoints,
      String status,
      Double uptimePercent,
      List<Day> days,
      List<Latency> latency) {}

  /** One day's bar: null uptime when nothing was measured. */
  public record Day(LocalDate date, String status, Double uptimePercent, double downtimeMinutes) {}

  /**
   * Check latency from one region over the last 24 hours: percentiles of the checks that got an
   * answer; {@code failedChecks} of the {@code checks} got none (refused, timed out, TLS failed).
   *
   * @param endpoint the endpoint's name
   */
  public record Latency(
      String region, String endpoint, long checks, long failedChecks, Double p50Ms, Double p95Ms) {}

  /**
   * An outage of a component's endpoint. Without its cause: that names internal addresses and TLS
   * errors, for the tenant's eyes only ({@code /api/v1/endpoints/{id}/outages}). Component and
   * endpoint are names: ids are internal.
   */
  public record OutageItem(
      String component,
      String endpoint,
      String kind,
      Instant start,
      Instant end,
      double minutes,
      List<String> regions) {}
}

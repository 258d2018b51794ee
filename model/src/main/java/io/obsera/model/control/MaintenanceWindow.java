package io.obsera.model.control;

import java.time.Duration;
import java.time.Instant;

/**
 * A planned interval during which an endpoint's failures neither open outages nor count against its
 * SLA: {@code [start, end)}.
 */
public record MaintenanceWindow(Instant start, Instant end, String reason) {

  /** Null when valid, else a message naming the problem. */
  public String problem() {
    if (start == null || end == null) {
      return "maintenance window needs 'start' and 'end'";
    }
    if (!end.isAfter(start)) {
      return "maintenance window 'end' must be after 'start'";
    }
    if (reason != null && reason.length() > 256) {
      return "maintenance window 'reason' must be at most 256 characters";
    }
    return null;
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** How much of {@code [from, to)} this window covers. */
  public Duration overlap(Instant from, Instant to) {
    Instant s = start.isAfter(from) ? start : from;
    Instant e = end.isBefore(to) ? end : to;
    return e.isAfter(s) ? Duration.between(s, e) : Duration.ZERO;
  }
}

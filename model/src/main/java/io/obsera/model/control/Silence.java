package io.obsera.model.control;

import java.time.Instant;
import java.util.List;

/**
 * A silence, as kept in the compacted topic {@link io.obsera.model.Topics#CONTROL_SILENCES} (key
 * {@code tenant|id}) and managed at {@code /api/v1/silences}: while {@code startsAt <= now <
 * endsAt}, alerts whose labels match every matcher are not notified (they are still evaluated and
 * stored). Expiring a silence sets {@code endsAt} to now; expired silences stay listed.
 */
public record Silence(
    String tenantId,
    String id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String comment,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }
}

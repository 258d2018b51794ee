package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.Silence;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.api.ApiException;
import io.obsera.query.control.ControlWrites;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Silences of a tenant over the compacted topic {@link Topics#CONTROL_SILENCES}. Creating validates
 * (it must end in the future, after it starts, within a year); expiring sets its end to now and
 * keeps it listed. "Now" is the injected clock's.
 */
public final class SilenceAdmin {
  private final ControlWrites writes;
  private final AlertControlViews views;
  private final Quotas quotas;
  private final Clock clock;

  public SilenceAdmin(
      ControlPlaneWriter writer, AlertControlViews views, Quotas quotas, Clock clock) {
    this.writes = new ControlWrites(writer);
    this.views = views;
    this.quotas = quotas;
    this.clock = clock;
  }

  /** How many of the tenant's silences are active or pending at {@code now}: its quota's count. */
  public static int unexpired(AlertControlViews views, String tenant, Instant now) {
    return (int)
        views.silencesOf(tenant).stream()
            .filter(s -> s.stateAt(now) != Silence.State.EXPIRED)
            .count();
  }

  /** The tenant's silences, only those in {@code state} when it is not null. */
  public List<Silence> list(String tenant, Silence.State state) {
    Instant now = clock.instant();
    return views.silencesOf(tenant).stream()
        .filter(s -> state == null || s.stateAt(now) == state)
        .toList();
  }

  public Silence get(String tenant, String id) {
    return views
        .silence(tenant, id)
        .orElseThrow(() -> ApiException.notFound("silence " + id + " not found"));
  }

  /** Creates a silence; it starts now when the draft has no start. */
  Silence create(String tenant, Silence draft, String actor) {
    Instant now = clock.instant();
    Silence s =
        new Silence(
            tenant,
            ControlWrites.newId("sil-"),
            draft.matchers(),
            draft.startsAt() == null ? now : draft.startsAt(),
            draft.endsAt(),
            draft.comment(),
            now,
            now,
            actor);
    ControlWrites.requireNoErrors(s.validateNew(now));
    return quotas.create(tenant, ObjectQuota.SILENCES, () -> write(s));
  }

  /** Expires a silence now; one that already ended stays as it is. */
  Silence expire(String tenant, String id, String actor) {
    Silence current = get(tenant, id);
    Silence expired = current.expiredAt(clock.instant(), actor);
    return expired == current ? current : write(expired);
  }

  private Silence write(Silence s) {
    return writes.put(
        Topics.CONTROL_SILENCES, s.key(), s, () -> views.silence(s.tenantId(), s.id()));
  }

  /** A silence as the API shows it: the record and its {@code state} now. */
  ObjectNode view(Silence s) {
    ObjectNode out = Json.MAPPER.valueToTree(s);
    out.put("state", s.stateAt(clock.instant()).name().toLowerCase(java.util.Locale.ROOT));
    return out;
  }
}

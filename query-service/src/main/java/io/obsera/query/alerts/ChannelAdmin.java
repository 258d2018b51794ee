package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.api.ApiException;
import io.obsera.query.control.ControlWrites;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Notification channels of a tenant over the compacted topic {@link Topics#CONTROL_CHANNELS}: each
 * validated by its channel record, its destination host checked against the SSRF rule, and its
 * secrets sealed ({@link ChannelSealer}) before it is written. Nothing this class returns to the
 * routes holds a secret in clear: {@link #view} redacts them.
 */
public final class ChannelAdmin {
  private final ControlWrites writes;
  private final AlertControlViews views;
  private final ChannelSealer sealer;
  private final TargetGuard guard;
  private final Quotas quotas;
  private final Clock clock;

  public ChannelAdmin(
      ControlPlaneWriter writer,
      AlertControlViews views,
      SecretBox box,
      TargetGuard guard,
      Quotas quotas,
      Clock clock) {
    this.writes = new ControlWrites(writer);
    this.views = views;
    this.sealer = new ChannelSealer(box);
    this.guard = guard;
    this.quotas = quotas;
    this.clock = clock;
  }

  public List<ChannelRecord> list(String tenant) {
    return views.channelsOf(tenant);
  }

  public ChannelRecord get(String tenant, String id) {
    return views
        .channel(tenant, id)
        .orElseThrow(() -> ApiException.notFound("channel " + id + " not found"));
  }

  ChannelRecord create(String tenant, String id, String name, JsonNode channel, String actor) {
    String channelId = id == null ? ControlWrites.newId("ch-") : id;
    if (views.channel(tenant, channelId).isPresent()) {
      throw ApiException.conflict("channel " + channelId + " already exists");
    }
    Instant now = clock.instant();
    return quotas.create(
        tenant,
        ObjectQuota.CHANNELS,
        () -> write(tenant, channelId, name, channel, Optional.empty(), now, now, actor));
  }

  /**
   * Replaces a channel; a secret field left out keeps the stored secret (same type and destination
   * only).
   */
  ChannelRecord update(String tenant, String id, String name, JsonNode channel, String actor) {
    ChannelRecord current = get(tenant, id);
    Instant updated = ControlWrites.updatedAt(current.createdAt(), clock.instant());
    return write(
        tenant, id, name, channel, Optional.of(current), current.createdAt(), updated, actor);
  }

  /** Deletes a channel; 409 naming the routing's uses of it while the routing sends to it. */
  void delete(String tenant, String id) {
    get(tenant, id);
    List<String> uses = views.routing(tenant).map(r -> r.usesOf(id)).orElse(List.of());
    if (!uses.isEmpty()) {
      throw ApiException.conflict(
          "channel "
              + id
              + " is used by the alert routing ("
              + String.join(", ", uses)
              + "); change /api/v1/alert-routing first");
    }
    writes.delete(
        Topics.CONTROL_CHANNELS, ChannelRecord.key(tenant, id), () -> views.channel(tenant, id));
  }

  private ChannelRecord write(
      String tenant,
      String id,
      String name,
      JsonNode node,
      Optional<ChannelRecord> current,
      Instant created,
      Instant updated,
      String actor) {
    if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw ApiException.badRequest(
          "field 'id' must be 1-63 characters of a-z, 0-9, '-' and '_', got: " + id);
    }
    String shown = name == null ? id : name;
    if (shown.isBlank() || shown.length() > 256) {
      throw ApiException.badRequest("field 'name' must be 1-256 characters");
    }
    Channel channel = ChannelDrafts.parse(id, node, current, sealer);
    ChannelDrafts.Target target = ChannelDrafts.target(channel);
    try {
      guard.resolve(target.host());
    } catch (RefusedTargetException e) {
      throw ApiException.badRequest("field '" + target.field() + "': " + e.getMessage());
    }
    ChannelRecord rec = sealer.seal(tenant, shown, channel, created, updated, actor);
    return writes.put(Topics.CONTROL_CHANNELS, rec.key(), rec, () -> views.channel(tenant, id));
  }

  /** A channel as the API shows it: its settings, every secret as {@code "***"}. */
  static ObjectNode view(ChannelRecord r) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("tenantId", r.tenantId());
    out.put("id", r.id());
    out.put("name", r.name());
    out.put("type", r.type().name());
    ObjectNode channel = out.putObject("channel");
    channel.put("type", r.type().name());
    channel.setAll(ChannelSealer.redacted(r));
    out.put("createdAt", r.createdAt().toString());
    out.put("updatedAt", r.updatedAt().toString());
    out.put("actor", r.actor());
    return out;
  }
}

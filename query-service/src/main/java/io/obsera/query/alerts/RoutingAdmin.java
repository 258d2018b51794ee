package io.obsera.query.alerts;

import io.obsera.model.Topics;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.control.ControlWrites;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's notification routing over the compacted topic {@link Topics#CONTROL_ALERT_ROUTING}
 * (key: tenant id). Without a stored one, the tenant gets {@link AlertRouting#defaultFor} its
 * channels. A routing is written only when it validates and every channel it names exists.
 */
public final class RoutingAdmin {
  private final ControlWrites writes;
  private final AlertControlViews views;
  private final Clock clock;

  public RoutingAdmin(ControlPlaneWriter writer, AlertControlViews views, Clock clock) {
    this.writes = new ControlWrites(writer);
    this.views = views;
    this.clock = clock;
  }

  /** Whether the tenant stored a routing (else {@link #get} is the default). */
  public boolean isStored(String tenant) {
    return views.routing(tenant).isPresent();
  }

  /** The stored routing, or the default one: every channel of the tenant, default timings. */
  public AlertRouting get(String tenant) {
    return views
        .routing(tenant)
        .orElseGet(
            () ->
                AlertRouting.defaultFor(
                    tenant, views.channelsOf(tenant).stream().map(ChannelRecord::id).toList()));
  }

  AlertRouting put(String tenant, AlertRouting draft, String actor) {
    AlertRouting r = draft.stamped(tenant, clock.instant(), actor);
    List<String> errors = new ArrayList<>(r.validate());
    if (errors.isEmpty()) {
      for (String id : r.channelIds()) {
        if (views.channel(tenant, id).isEmpty()) {
          errors.add(
              "field '"
                  + String.join("', '", r.usesOf(id))
                  + "' names channel "
                  + id
                  + ", which does not exist");
        }
      }
    }
    ControlWrites.requireNoErrors(errors);
    return writes.put(Topics.CONTROL_ALERT_ROUTING, tenant, r, () -> views.routing(tenant));
  }
}

package io.obsera.query.dashboards;

import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.query.control.ControlWrites;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Dashboards in the compacted control-plane topic: this service writes them (validated records
 * only) and reads them back through a {@link KeyedTopicView}; a write returns once the view has it.
 */
public final class DashboardStore {
  private final ControlWrites writes;
  private final KeyedTopicView<Dashboard> view;

  public DashboardStore(ControlPlaneWriter writer, KeyedTopicView<Dashboard> view) {
    this.writes = new ControlWrites(writer);
    this.view = view;
  }

  public List<Dashboard> list(String tenant) {
    return view.withKeyPrefix(tenant + "|").stream()
        .sorted(Comparator.comparing(Dashboard::id))
        .toList();
  }

  public Optional<Dashboard> get(String tenant, String id) {
    return view.get(Dashboard.key(tenant, id));
  }

  public void put(Dashboard d) {
    writes.put(Topics.CONTROL_DASHBOARDS, d.key(), d, () -> view.get(d.key()));
  }

  public void delete(String tenant, String id) {
    String key = Dashboard.key(tenant, id);
    writes.delete(Topics.CONTROL_DASHBOARDS, key, () -> view.get(key));
  }
}

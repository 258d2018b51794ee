package io.obsera.query.dashboards;

import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.query.api.Visibility;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Dashboards in the compacted control-plane topic: this service writes them (validated records
 * only) and reads them back through a {@link KeyedTopicView}; a write returns once the view has it.
 */
public final class DashboardStore {
  private final ControlPlaneWriter writer;
  private final KeyedTopicView<Dashboard> view;

  public DashboardStore(ControlPlaneWriter writer, KeyedTopicView<Dashboard> view) {
    this.writer = writer;
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
    writer.put(Topics.CONTROL_DASHBOARDS, d.key(), d);
    Visibility.await(() -> view.get(d.key()).map(d::equals).orElse(false));
  }

  public void delete(String tenant, String id) {
    writer.delete(Topics.CONTROL_DASHBOARDS, Dashboard.key(tenant, id));
    Visibility.await(() -> view.get(Dashboard.key(tenant, id)).isEmpty());
  }
}

package io.obsera.writer.retention;

import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The tenants that have their own retention, read live from the control-plane view. */
public final class TenantRetentions implements Supplier<Map<String, Integer>> {
  private final ControlPlaneView view;

  public TenantRetentions(ControlPlaneView view) {
    this.view = view;
  }

  @Override
  public Map<String, Integer> get() {
    Map<String, Integer> own = new HashMap<>();
    for (TenantRecord t : view.tenants()) {
      if (t.retentionDays() != null) {
        own.put(t.id(), t.retentionDays());
      }
    }
    return own;
  }
}

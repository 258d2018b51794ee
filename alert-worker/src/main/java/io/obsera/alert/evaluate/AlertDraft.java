package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.Severity;
import java.util.Map;

/**
 * What an evaluation found for one alert whose condition holds: everything an {@code AlertEvent}
 * carries except its life cycle, plus {@code detail}, the part that is worth telling when it
 * changes while the alert fires (the set of holding conditions, the value band, the regions).
 */
record AlertDraft(
    String tenantId,
    String ruleId,
    String name,
    AlertSource source,
    Severity severity,
    Map<String, String> labels,
    String fingerprint,
    String summary,
    Double value,
    Double threshold,
    String detail) {

  AlertDraft {
    labels = Map.copyOf(labels);
  }
}

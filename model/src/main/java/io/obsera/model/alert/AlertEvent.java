package io.obsera.model.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One change of one alert instance, as the evaluator emits it on {@link
 * io.obsera.model.Topics#ALERT_EVENTS} (JSON, key {@link #key()}: {@code tenant|fingerprint}) and
 * the writer stores it in table {@code alerts} (one row per event; it joins the timeline).
 *
 * <p>An alert's life is: one FIRING event with {@code sequence} 1 (it fired), FIRING events with
 * higher sequences while it keeps firing and something worth telling changed (value band, regions,
 * cause), and one RESOLVED event (the last sequence). A replay of the same inputs gives the same
 * events; consumers drop an event whose sequence they already saw for that fingerprint.
 *
 * @param fingerprint stable id of the alert instance while it lives: a hash of tenant, rule and
 *     label set; a new firing after a resolve gets the same fingerprint and {@code startsAt} tells
 *     the two apart
 * @param ruleId the alert rule's id; for {@link AlertSource#OUTAGE} the endpoint id
 * @param name the rule's (or endpoint's) name, for people
 * @param labels the label set: always {@code severity} (lower case) and {@code source}; then {@code
 *     rule}, {@code slo}, {@code service}, {@code region}, {@code operation}, {@code endpoint}, the
 *     rule's grouping and own labels, as they apply
 * @param summary one or two sentences for people ("Burn rate 20.1 over 1h and 19.8 over 5m, page
 *     threshold 14.4")
 * @param value the observed value that decided (burn rate, error ratio, milliseconds, metric
 *     value); null for no-data and outages
 * @param threshold the value it was compared with; null where none applies
 * @param startsAt when this firing started (the evaluation or event time it first held)
 * @param endsAt when it resolved; null while FIRING
 * @param time the evaluation (or source event) time of this event
 */
public record AlertEvent(
    String tenantId,
    String fingerprint,
    String ruleId,
    String name,
    AlertSource source,
    Severity severity,
    AlertState state,
    long sequence,
    Map<String, String> labels,
    String summary,
    Double value,
    Double threshold,
    Instant startsAt,
    Instant endsAt,
    Instant time) {

  public AlertEvent {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The Kafka key: {@code tenant|fingerprint}. */
  public String key() {
    return tenantId + "|" + fingerprint;
  }
}

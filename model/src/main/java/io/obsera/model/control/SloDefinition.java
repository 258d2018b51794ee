package io.obsera.model.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A service level objective, as kept in the compacted SLO topic (key {@link #key()}: {@code
 * tenant|id}; a tombstone deletes it). For availability and latency SLOs, spans of {@code service}
 * (and, when set, of span name {@code operation} and span kind {@code spanKind}) are the events;
 * availability counts those whose status is not ERROR as good, latency those whose duration is at
 * most {@code thresholdMs}. For uptime SLOs the health checks of endpoint {@code endpointId} are
 * the events (one per check and region), good when the check passed (UP or DEGRADED); {@code
 * service} is then optional (the endpoint's service, for labels).
 *
 * <p>The constructor accepts anything so that a malformed record can be reported rather than thrown
 * at; {@link #validate()} names every problem. Writers and readers use only valid records.
 *
 * @param objective the good share to reach, strictly between 0 and 1 (e.g. 0.999)
 * @param thresholdMs latency SLOs only: the duration a good span stays within
 * @param endpointId uptime SLOs only (required there): the monitored endpoint whose checks count;
 *     absent from records written before uptime SLOs existed
 * @param actor who made the last change (the audit trail of the control plane)
 */
public record SloDefinition(
    String tenantId,
    String id,
    String name,
    SloKind kind,
    String service,
    String operation,
    String spanKind,
    Double thresholdMs,
    String endpointId,
    double objective,
    SloPeriod period,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  /** Span kinds as OpenTelemetry names them (without the {@code SPAN_KIND_} prefix). */
  public static final Set<String> SPAN_KINDS =
      Set.of("INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER");

  /** An availability or latency SLO (no endpoint): the fields records had before uptime SLOs. */
  public SloDefinition(
      String tenantId,
      String id,
      String name,
      SloKind kind,
      String service,
      String operation,
      String spanKind,
      Double thresholdMs,
      double objective,
      SloPeriod period,
      Instant createdAt,
      Instant updatedAt,
      String actor) {
    this(
        tenantId,
        id,
        name,
        kind,
        service,
        operation,
        spanKind,
        thresholdMs,
        null,
        objective,
        period,
        createdAt,
        updatedAt,
        actor);
  }

  /** The Kafka key of an SLO: {@code tenant|id}. */
  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }

  /** These settings as {@code tenantId}'s SLO {@code id}, last changed at {@code updatedAt}. */
  public SloDefinition stamped(
      String tenantId, String id, Instant createdAt, Instant updatedAt, String actor) {
    return new SloDefinition(
        tenantId,
        id,
        name,
        kind,
        service,
        operation,
        spanKind,
        thresholdMs,
        endpointId,
        objective,
        period,
        createdAt,
        updatedAt,
        actor);
  }

  /** Every problem of this record, each naming its field; empty when the record is valid. */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    FieldErrors.ids(errors, tenantId, id);
    FieldErrors.text(errors, "name", name, true);
    if (kind == null) {
      errors.add("field 'kind' is required (AVAILABILITY, LATENCY or UPTIME)");
    }
    FieldErrors.text(errors, "service", service, kind != SloKind.UPTIME);
    FieldErrors.text(errors, "operation", operation, false);
    if (spanKind != null && !SPAN_KINDS.contains(spanKind)) {
      errors.add("field 'spanKind' must be one of " + sorted(SPAN_KINDS) + ", got: " + spanKind);
    }
    if (kind == SloKind.LATENCY
        && (thresholdMs == null || !(thresholdMs > 0) || thresholdMs.isInfinite())) {
      errors.add("field 'thresholdMs' must be a positive number of milliseconds for LATENCY SLOs");
    }
    if (kind != SloKind.LATENCY && thresholdMs != null) {
      errors.add("field 'thresholdMs' applies to LATENCY SLOs only");
    }
    if (kind == SloKind.UPTIME) {
      if (endpointId == null || !FieldErrors.ID.matcher(endpointId).matches()) {
        errors.add("field 'endpointId' must be the id of a monitored endpoint for UPTIME SLOs");
      }
      if (operation != null || spanKind != null) {
        errors.add("fields 'operation' and 'spanKind' apply to span SLOs, not UPTIME");
      }
    } else if (endpointId != null) {
      errors.add("field 'endpointId' applies to UPTIME SLOs only");
    }
    if (!(objective > 0 && objective < 1)) {
      errors.add(
          "field 'objective' must be strictly between 0 and 1 (e.g. 0.999), got: " + objective);
    }
    if (period == null) {
      errors.add("field 'period' is required (ROLLING_28D, ROLLING_30D or CALENDAR_MONTH)");
    }
    FieldErrors.times(errors, createdAt, updatedAt);
    return errors;
  }

  public boolean isValid() {
    return validate().isEmpty();
  }

  /** Throws {@link IllegalArgumentException} listing every problem when the record is invalid. */
  public SloDefinition requireValid() {
    FieldErrors.throwIfAny(validate());
    return this;
  }

  /** The share of events allowed to be bad: {@code 1 - objective}. */
  public double errorBudget() {
    return 1 - objective;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}

package io.obsera.alert.evaluate;

import io.obsera.model.Json;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.OutageEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Outage events to alerts, no rule needed: DOWN pages, DEGRADED and NO_DATA open tickets. One alert
 * per outage (state key and fingerprint from {@link OutageEvent#outageId}): the first OPEN fires, a
 * later OPEN whose regions or cause changed updates, RESOLVED resolves. A resolved outage is
 * remembered for {@code resolvedRetention} (swept every {@code interval}), so a repeated event
 * never fires it again. Labels: severity, source, endpoint (id), kind, regions (sorted, comma
 * separated) and the endpoint's service when it has one.
 */
final class OutageAlerts implements Processor<String, byte[], String, AlertEvent> {
  private final EvaluationConfig config;
  private final Clock clock;
  private final EvaluationHealth health;
  private ReadOnlyKeyValueStore<String, EndpointDefinition> endpoints;
  private KeyValueStore<String, AlertStatus> state;
  private AlertBook book;

  OutageAlerts(EvaluationConfig config, Clock clock, EvaluationHealth health) {
    this.config = config;
    this.clock = clock;
    this.health = health;
  }

  @Override
  public void init(ProcessorContext<String, AlertEvent> context) {
    endpoints = context.getStateStore(EvaluationTopology.ENDPOINTS_STORE);
    state = context.getStateStore(EvaluationTopology.OUTAGE_STATE_STORE);
    book = new AlertBook(state, context);
    context.schedule(config.interval(), PunctuationType.WALL_CLOCK_TIME, t -> forgetOld());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    OutageEvent e = health.readOrSkip("outage", record, OutageAlerts::complete);
    if (e == null) {
      return;
    }
    health.guard(e.outageId(), () -> apply(e));
  }

  /** The event in {@code json}, with every field {@link #apply} relies on. */
  private static OutageEvent complete(byte[] json) throws IOException {
    OutageEvent e = Json.MAPPER.readValue(json, OutageEvent.class);
    if (e == null
        || e.outageId() == null
        || e.kind() == null
        || e.state() == null
        || e.tenantId() == null
        || e.endpointId() == null) {
      throw new IllegalArgumentException("incomplete");
    }
    return e;
  }

  private void apply(OutageEvent e) {
    Instant at = e.time() != null ? e.time() : clock.instant();
    if (e.state() == OutageEvent.State.RESOLVED) {
      book.clears(
          e.outageId(),
          e.endedAt() != null ? e.endedAt() : at,
          "Outage of " + name(e) + " is over (" + AlertLabels.lower(e.kind()) + ")",
          null,
          true);
      return;
    }
    EndpointDefinition ep = endpoints.get(EndpointDefinition.key(e.tenantId(), e.endpointId()));
    Severity severity = e.kind() == OutageEvent.Kind.DOWN ? Severity.PAGE : Severity.TICKET;
    List<String> regions = e.regions() == null ? List.of() : e.regions().stream().sorted().toList();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("severity", AlertLabels.lower(severity));
    labels.put("source", AlertLabels.lower(AlertSource.OUTAGE));
    labels.put("endpoint", e.endpointId());
    labels.put("kind", AlertLabels.lower(e.kind()));
    labels.put("regions", String.join(",", regions));
    String service = ep == null ? null : ep.service() != null ? ep.service() : ep.name();
    if (service != null && !service.isBlank()) {
      labels.put("service", service);
    }
    String summary =
        name(e)
            + " is "
            + AlertLabels.lower(e.kind()).replace('_', ' ')
            + (regions.isEmpty() ? "" : " in " + String.join(", ", regions))
            + (e.cause() == null || e.cause().isBlank() ? "" : ": " + e.cause());
    AlertDraft d =
        new AlertDraft(
            e.tenantId(),
            e.endpointId(),
            name(e),
            AlertSource.OUTAGE,
            severity,
            labels,
            Fingerprints.of(e.tenantId(), e.endpointId(), Map.of("outage", e.outageId())),
            summary,
            null,
            null,
            String.join(",", regions) + "|" + e.cause());
    Instant started = e.startedAt() != null && !e.startedAt().isAfter(at) ? e.startedAt() : at;
    book.holds(e.outageId(), d, at, Duration.ZERO, started);
  }

  private String name(OutageEvent e) {
    EndpointDefinition ep = endpoints.get(EndpointDefinition.key(e.tenantId(), e.endpointId()));
    return ep != null && ep.name() != null && !ep.name().isBlank() ? ep.name() : e.endpointId();
  }

  /** Forgets outages resolved longer ago than the retention. */
  private void forgetOld() {
    Instant cutoff = clock.instant().minus(config.resolvedRetention());
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, AlertStatus> it = state.all()) {
      while (it.hasNext()) {
        KeyValue<String, AlertStatus> kv = it.next();
        if (kv.value.resolved() && kv.value.last().time().isBefore(cutoff)) {
          old.add(kv.key);
        }
      }
    }
    old.forEach(book::forget);
  }
}

package io.obsera.streams.slo;

import io.obsera.model.RecordKeys;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.facts.SliDelta;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.platform.kafka.OnDemandPunctuation;
import io.obsera.streams.probe.ProbeTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The events of uptime SLOs: each health check (one per check and region, keyed {@code
 * tenant|endpointId}) counts once for every UPTIME SLO of its tenant and endpoint, in the minute of
 * the check's time; it is good unless the check was DOWN (DEGRADED answered correctly, as in the
 * SLA report). Checks inside one of the endpoint's maintenance windows do not count (neither good
 * nor bad), nor do checks older or further ahead than {@link SliCounter} accepts. The counts are
 * kept and flushed like the span counts ({@link PendingSliCounts}).
 */
final class UptimeSliCounter implements Processor<String, HealthCheck, String, SliDelta> {
  private OnDemandPunctuation ticks;
  private final Duration flushInterval;
  private final Clock clock;
  private final AtomicLong ignored;
  private ReadOnlyKeyValueStore<String, EndpointDefinition> endpoints;
  private PendingSliCounts pending;

  UptimeSliCounter(Duration flushInterval, Clock clock, AtomicLong ignored) {
    this.flushInterval = flushInterval;
    this.clock = clock;
    this.ignored = ignored;
  }

  @Override
  public void init(ProcessorContext<String, SliDelta> context) {
    ReadOnlyKeyValueStore<String, SloDefinition> definitions =
        context.getStateStore(SloTopology.DEFINITIONS_STORE);
    KeyValueStore<String, SliCount> store = context.getStateStore(SloTopology.UPTIME_PENDING_STORE);
    this.endpoints = context.getStateStore(ProbeTopology.DEFINITIONS_STORE);
    this.pending = new PendingSliCounts(store, definitions);
    ticks = pending.flushing(context, flushInterval);
  }

  @Override
  public void process(Record<String, HealthCheck> record) {
    ticks.start();
    HealthCheck check = record.value();
    if (check == null
        || check.time() == null
        || check.endpointId() == null
        || check.outcome() == null) {
      return;
    }
    String tenant = RecordKeys.tenantOf(record.key());
    long time = check.time().toEpochMilli();
    for (SloDefinition slo : pending.slosOf(tenant)) {
      if (slo.kind() != SloKind.UPTIME || !check.endpointId().equals(slo.endpointId())) {
        continue;
      }
      if (!SliCounter.countable(time, clock.millis()) || inMaintenance(tenant, check)) {
        ignored.incrementAndGet();
        return;
      }
      pending.add(slo, BurnWindows.minuteOf(time), good(check) ? 1 : 0, 1);
    }
  }

  /** A check passed unless it was DOWN. */
  static boolean good(HealthCheck check) {
    return check.outcome() != CheckOutcome.DOWN;
  }

  private boolean inMaintenance(String tenant, HealthCheck check) {
    EndpointDefinition e = endpoints.get(EndpointDefinition.key(tenant, check.endpointId()));
    return e != null && e.inMaintenance(check.time());
  }
}

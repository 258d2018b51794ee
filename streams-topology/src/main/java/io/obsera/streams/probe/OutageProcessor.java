package io.obsera.streams.probe;

import io.obsera.model.RecordKeys;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.OutageEvent;
import io.obsera.platform.kafka.OnDemandPunctuation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs {@link OutageStateMachine} per endpoint on the health checks (keyed {@code
 * tenant|endpointId}, so all regions of an endpoint meet in one task) with the definitions of the
 * global store, and on a wall-clock tick. Checks of an endpoint the store does not know, or that is
 * disabled, are ignored. An endpoint deleted or disabled has its open outages resolved at the next
 * tick (at the definition's {@code updatedAt} when disabled, at the tick's time when deleted) and
 * its state dropped.
 */
final class OutageProcessor implements Processor<String, HealthCheck, String, OutageEvent> {
  private OnDemandPunctuation ticks;
  private final Duration tick;
  private ProcessorContext<String, OutageEvent> context;
  private ReadOnlyKeyValueStore<String, EndpointDefinition> definitions;
  private KeyValueStore<String, EndpointState> states;

  OutageProcessor(Duration tick) {
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, OutageEvent> context) {
    this.context = context;
    this.definitions = context.getStateStore(ProbeTopology.DEFINITIONS_STORE);
    this.states = context.getStateStore(ProbeTopology.STATE_STORE);
    // runs while an endpoint has state: an idle application commits no transaction
    ticks =
        new OnDemandPunctuation(
            context,
            tick,
            now -> {
              onTick(now);
              return OnDemandPunctuation.holdsAny(states);
            });
    if (OnDemandPunctuation.holdsAny(states)) {
      ticks.start();
    }
  }

  @Override
  public void process(Record<String, HealthCheck> record) {
    ticks.start();
    String key = record.key();
    EndpointDefinition def = definitions.get(key);
    if (def == null || !def.enabled() || !def.key().equals(record.value().key())) {
      return;
    }
    EndpointState state = states.get(key);
    OutageStateMachine m = machine(key, def, state == null ? EndpointState.empty() : state);
    m.onCheck(record.value(), context.currentSystemTimeMs());
    forward(key, m.events());
    states.put(key, m.state());
  }

  private void onTick(long nowMillis) {
    Instant now = Instant.ofEpochMilli(nowMillis);
    List<KeyValue<String, EndpointState>> all = new ArrayList<>();
    try (KeyValueIterator<String, EndpointState> it = states.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, EndpointState> kv : all) {
      EndpointDefinition def = definitions.get(kv.key);
      if (def == null || !def.enabled()) {
        OutageStateMachine m = machine(kv.key, def, kv.value);
        Instant end = def == null ? now : def.updatedAt();
        m.resolveAll(end, end);
        forward(kv.key, m.events());
        states.delete(kv.key);
        continue;
      }
      OutageStateMachine m = machine(kv.key, def, kv.value);
      m.onTick(now);
      if (!m.events().isEmpty()) {
        forward(kv.key, m.events());
        states.put(kv.key, m.state());
      }
    }
  }

  private static OutageStateMachine machine(
      String key, EndpointDefinition def, EndpointState state) {
    return new OutageStateMachine(RecordKeys.tenantOf(key), RecordKeys.localPart(key), def, state);
  }

  private void forward(String key, List<OutageEvent> events) {
    for (OutageEvent e : events) {
      context.forward(new Record<>(key, e, e.time().toEpochMilli()));
    }
  }
}

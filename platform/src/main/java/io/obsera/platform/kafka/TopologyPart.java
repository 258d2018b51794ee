package io.obsera.platform.kafka;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * One part of a Kafka Streams application (trace sessions / RED / usage, rule evaluation, routing):
 * an application builds one topology from all its parts ({@link StreamsDefaults#topology}) and runs
 * it exactly once. Every processor, store and repartition topic a part adds is named (their names
 * are pinned: a rename drops deployed state).
 */
public interface TopologyPart {
  void addTo(StreamsBuilder builder);

  /** This part alone as a topology (tests, {@code describe()}). */
  default Topology build() {
    return StreamsDefaults.topology(java.util.List.of(this));
  }
}

package io.obsera.platform.kafka;

import org.apache.kafka.streams.StreamsBuilder;

/**
 * One part of the alert worker's Kafka Streams application (rule evaluation, routing): the worker
 * builds one topology from all parts and runs it exactly once.
 */
public interface TopologyPart {
  void addTo(StreamsBuilder builder);
}

package io.obsera.model;

import java.util.Map;

/** A topic Obsera needs: name, partitions and topic-level configs. */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public TopicSpec {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 for topic " + name);
    }
    configs = Map.copyOf(configs);
  }

  static TopicSpec delete(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of("cleanup.policy", "delete"));
  }

  static TopicSpec compacted(String name) {
    return new TopicSpec(
        name, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
  }
}

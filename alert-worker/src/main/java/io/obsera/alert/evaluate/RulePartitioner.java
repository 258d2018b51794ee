package io.obsera.alert.evaluate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions samples by their rule ({@code tenant|rule}, the start of the key), so one task owns
 * every alert of a rule: the one whose partition is {@link #partitionOf} the rule. That task also
 * decides the rule-wide no-data alert, for which no sample ever arrives.
 */
final class RulePartitioner implements StreamPartitioner<String, Sample> {

  static int partitionOf(String ruleKey, int partitions) {
    return Utils.toPositive(Utils.murmur2(ruleKey.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String key, Sample value, int numPartitions) {
    return Optional.of(Set.of(partitionOf(Sample.ruleKey(key), numPartitions)));
  }
}

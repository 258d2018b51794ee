package io.obsera.writer.sink;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings of the ClickHouse writer.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param groupId consumer group of the writer
 * @param batchRows flush when a batch holds this many rows ({@code OBSERA_WRITER_BATCH_ROWS})
 * @param flushIntervalMillis flush a non-empty batch at least this often ({@code
 *     OBSERA_WRITER_FLUSH_MS})
 * @param insertTimeoutMillis give up one insert attempt after this long
 * @param retryInitialMillis first backoff while ClickHouse refuses inserts
 * @param retryMaxMillis longest backoff
 * @param kafkaOverrides {@code KAFKA_*} settings
 */
public record WriterConfig(
    String kafkaBootstrap,
    String groupId,
    int batchRows,
    long flushIntervalMillis,
    long insertTimeoutMillis,
    long retryInitialMillis,
    long retryMaxMillis,
    Map<String, String> kafkaOverrides) {
  public WriterConfig {
    if (batchRows < 1) {
      throw new IllegalArgumentException("OBSERA_WRITER_BATCH_ROWS must be >= 1");
    }
    if (flushIntervalMillis < 1) {
      throw new IllegalArgumentException("OBSERA_WRITER_FLUSH_MS must be >= 1");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (insertTimeoutMillis + retryMaxMillis >= maxPollIntervalMillis(kafkaOverrides)) {
      throw new IllegalArgumentException(
          "KAFKA_MAX_POLL_INTERVAL_MS must exceed the writer's insert timeout ("
              + insertTimeoutMillis
              + " ms) plus its longest retry backoff ("
              + retryMaxMillis
              + " ms)");
    }
  }

  /**
   * How long the writer may go without polling Kafka while it inserts: a third of {@code
   * max.poll.interval.ms}, so the group never evicts it during a long flush.
   */
  public long pollBudgetMillis() {
    return maxPollIntervalMillis(kafkaOverrides) / 3;
  }

  private static long maxPollIntervalMillis(Map<String, String> overrides) {
    String v = overrides.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    try {
      return v == null ? 300_000 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("KAFKA_MAX_POLL_INTERVAL_MS is not a number: " + v, e);
    }
  }
}

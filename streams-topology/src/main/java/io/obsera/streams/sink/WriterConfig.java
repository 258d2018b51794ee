package io.obsera.streams.sink;

import java.util.Map;

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
  }
}

package io.obsera.ingest.kafka;

import java.util.Map;

/**
 * Settings of the group-commit publisher.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param transactionalId stable per ingest instance, so a restart fences its predecessor's open
 *     transaction at once ({@code OBSERA_INGEST_INSTANCE_ID})
 * @param lingerMillis how long a transaction waits for more requests ({@code
 *     OBSERA_INGEST_GROUP_COMMIT_MS})
 * @param maxRecordsPerTransaction upper bound of records in one transaction
 * @param maxQueuedRecords records waiting for a transaction before new requests get 503 ({@code
 *     OBSERA_INGEST_MAX_QUEUED_RECORDS})
 * @param minFreeDiskRatio below this share of free disk on a broker log dir, new requests get 503
 *     ({@code OBSERA_INGEST_MIN_FREE_DISK}, 0 disables the check)
 * @param kafkaOverrides {@code KAFKA_*} settings
 */
public record PublisherConfig(
    String bootstrap,
    String transactionalId,
    long lingerMillis,
    int maxRecordsPerTransaction,
    int maxQueuedRecords,
    double minFreeDiskRatio,
    Map<String, String> kafkaOverrides) {
  public PublisherConfig {
    if (lingerMillis < 0 || lingerMillis > 1000) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_GROUP_COMMIT_MS must be between 0 and 1000");
    }
    if (maxRecordsPerTransaction < 1) {
      throw new IllegalArgumentException("maxRecordsPerTransaction must be >= 1");
    }
    if (maxQueuedRecords < maxRecordsPerTransaction) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_QUEUED_RECORDS must be at least " + maxRecordsPerTransaction);
    }
    if (minFreeDiskRatio < 0 || minFreeDiskRatio >= 1) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MIN_FREE_DISK must be a fraction in [0, 1), got " + minFreeDiskRatio);
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }
}

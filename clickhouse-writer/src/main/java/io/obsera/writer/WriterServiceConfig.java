package io.obsera.writer;

import io.obsera.model.ClickHouseSettings;
import io.obsera.model.ConfigSupport;
import io.obsera.platform.control.ControlTrust;
import io.obsera.writer.retention.RetentionConfig;
import io.obsera.writer.sink.WriterConfig;
import java.util.Map;

/**
 * Configuration of the clickhouse-writer service (the one owner of every Kafka -> ClickHouse write,
 * the schema migrations and the retention sweep).
 *
 * @param kafkaBootstrap {@code OBSERA_KAFKA_BOOTSTRAP}
 * @param groupId the writer's consumer group: {@code OBSERA_WRITER_GROUP_ID}, by default the
 *     streams application id ({@code OBSERA_STREAMS_APPLICATION_ID}, default {@code
 *     obsera-streams}) plus {@code -clickhouse-writer}, the group the writer had when it ran inside
 *     streams-topology (a new group would re-read or skip what the old one committed)
 * @param clickHouse where the writer inserts ({@code OBSERA_CLICKHOUSE_*})
 * @param batchRows {@code OBSERA_WRITER_BATCH_ROWS}
 * @param flushMillis {@code OBSERA_WRITER_FLUSH_MS}
 * @param retention default retention and sweep interval ({@code OBSERA_RETENTION_*})
 * @param kafkaOverrides {@code KAFKA_*} settings passed to every Kafka client
 */
public record WriterServiceConfig(
    String kafkaBootstrap,
    String groupId,
    ClickHouseSettings clickHouse,
    int batchRows,
    long flushMillis,
    RetentionConfig retention,
    Map<String, String> kafkaOverrides,
    ControlTrust controlTrust) {

  public WriterServiceConfig {
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    ConfigSupport.requireNonBlank("OBSERA_WRITER_GROUP_ID", groupId);
    if (retention == null) {
      throw new IllegalArgumentException("retention settings (OBSERA_RETENTION_*) are required");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (controlTrust == null) {
      throw new IllegalArgumentException("controlTrust is required (control-record public keys)");
    }
    writerConfig(kafkaBootstrap, groupId, batchRows, flushMillis, kafkaOverrides);
  }

  public static WriterServiceConfig fromEnv(Map<String, String> env) {
    return new WriterServiceConfig(
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        defaultGroupId(env),
        ClickHouseSettings.fromEnv(env),
        ConfigSupport.intVar(env, "OBSERA_WRITER_BATCH_ROWS", 50_000),
        ConfigSupport.intVar(env, "OBSERA_WRITER_FLUSH_MS", 500),
        RetentionConfig.fromEnv(env),
        ConfigSupport.kafkaOverrides(env),
        ControlTrust.fromEnv(env));
  }

  /** The group the writer has always used unless {@code OBSERA_WRITER_GROUP_ID} says otherwise. */
  static String defaultGroupId(Map<String, String> env) {
    return env.getOrDefault(
        "OBSERA_WRITER_GROUP_ID",
        env.getOrDefault("OBSERA_STREAMS_APPLICATION_ID", "obsera-streams") + "-clickhouse-writer");
  }

  /** For tests and embedders: small batches, short flushes, default retention. */
  public static WriterServiceConfig of(
      String bootstrap, String groupId, ClickHouseSettings ch, ControlTrust controlTrust) {
    return new WriterServiceConfig(
        bootstrap, groupId, ch, 1000, 200, RetentionConfig.defaults(), Map.of(), controlTrust);
  }

  /** The same settings against these servers (standalone learns them at start). */
  public WriterServiceConfig with(String bootstrap, ClickHouseSettings ch) {
    return new WriterServiceConfig(
        bootstrap, groupId, ch, batchRows, flushMillis, retention, kafkaOverrides, controlTrust);
  }

  /** The same settings with other Kafka client settings and control-record keys (standalone). */
  public WriterServiceConfig with(Map<String, String> overrides, ControlTrust trust) {
    return new WriterServiceConfig(
        kafkaBootstrap, groupId, clickHouse, batchRows, flushMillis, retention, overrides, trust);
  }

  /** The same settings with another retention (tests sweep on a short interval). */
  public WriterServiceConfig withRetention(RetentionConfig newRetention) {
    return new WriterServiceConfig(
        kafkaBootstrap,
        groupId,
        clickHouse,
        batchRows,
        flushMillis,
        newRetention,
        kafkaOverrides,
        controlTrust);
  }

  public WriterConfig writer() {
    return writerConfig(kafkaBootstrap, groupId, batchRows, flushMillis, kafkaOverrides);
  }

  private static WriterConfig writerConfig(
      String bootstrap, String groupId, int rows, long flushMillis, Map<String, String> overrides) {
    return new WriterConfig(bootstrap, groupId, rows, flushMillis, 30_000, 200, 10_000, overrides);
  }
}

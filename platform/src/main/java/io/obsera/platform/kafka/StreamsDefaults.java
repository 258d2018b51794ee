package io.obsera.platform.kafka;

import io.obsera.model.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every Obsera Kafka Streams application runs (the topologies of streams-topology, the alert
 * worker): exactly_once_v2, a short session timeout so a restarted instance rejoins quickly, topics
 * read from the earliest offset, internal topics at the broker's default replication, a failed
 * stream thread replaced, and a record it cannot handle never stalling its partition.
 */
public final class StreamsDefaults {
  private static final Logger log = LoggerFactory.getLogger(StreamsDefaults.class);

  private StreamsDefaults() {}

  /** The properties of one application; {@code KAFKA_*} overrides come first, ours win. */
  public static Properties properties(
      String applicationId,
      String bootstrap,
      Path stateDir,
      long commitIntervalMillis,
      Map<String, String> kafkaOverrides) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMillis));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    idle(p);
    return errorHandling(p);
  }

  /** How long a stream thread's poll waits when no record is buffered (Kafka's default 100). */
  static final String IDLE_POLL_MS = "500";

  /**
   * How long the broker holds an empty fetch of the main consumers (Kafka's default 500). A stop
   * does not wait for it ({@link MainConsumer}); 1000 before that did (a consumer's close sent its
   * fetch session's close behind the held fetch), which made 2000 cost the runtime's clean stop 4.7
   * s more.
   */
  static final String IDLE_MAIN_FETCH_MAX_WAIT_MS = "3000";

  /**
   * How long the broker holds an empty fetch of the global stores' consumer (Kafka's default 500);
   * it is closed without waiting ({@link GlobalStoreConsumer}), and a global thread never pauses a
   * partition, so only its idle fetches wait this long (2000 before).
   */
  static final String IDLE_GLOBAL_FETCH_MAX_WAIT_MS = "10000";

  /**
   * What an idle application costs, unless {@code KAFKA_POLL_MS} or {@code KAFKA_FETCH_MAX_WAIT_MS}
   * (or {@code KAFKA_MAIN_CONSUMER_FETCH_MAX_WAIT_MS}, {@code
   * KAFKA_GLOBAL_CONSUMER_FETCH_MAX_WAIT_MS}) say otherwise.
   *
   * <p>{@code poll.ms}: a record that arrives ends a poll at once, so a longer poll does not delay
   * processing; it only spaces the loops of a stream thread that has nothing to do (each checks
   * punctuations, commits and metrics: ten a second per thread at the default). Wall-clock
   * punctuations are checked between polls, so they may fire up to {@value #IDLE_POLL_MS} ms late
   * while no record arrives, and a clean stop waits up to that long for each thread's poll (1000
   * was tried: it saves little, 0.1% of one core, and lengthens the stop).
   *
   * <p>{@code fetch.max.wait.ms} of the main and global consumers: the broker answers a held fetch
   * as soon as any partition in it has a record, so an idle wait delays no record; it spaces the
   * empty fetches each idle consumer sends (two a second at the default: with four such consumers
   * they were most of the broker's idle requests; one a second for a main consumer, one every two
   * seconds for a global one before, one every three and ten seconds now: they were half of the
   * fetches the broker answered at idle). A consumer sends no fetch to a broker that has one in
   * flight, so the worst case is a main-consumer partition that Kafka Streams resumes (after
   * pausing it for more than {@code buffered.records.per.partition} buffered records) or that is
   * newly assigned while every other partition of the consumer is empty: it is fetched once the
   * held fetch returns, up to {@value #IDLE_MAIN_FETCH_MAX_WAIT_MS} ms later (Kafka's 500 at first,
   * 1000 before). Under load the other partitions have records, or the application's own
   * repartition topics get them at its next commit, and the held fetch returns then. The global
   * stores' restore at start would wait once per store for the same reason: {@link
   * GlobalStoreConsumer} avoids that. The restore consumer (changelogs) keeps Kafka's default.
   */
  private static void idle(Properties p) {
    p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, IDLE_POLL_MS);
    if (!p.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
      p.putIfAbsent(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
          IDLE_MAIN_FETCH_MAX_WAIT_MS);
      p.putIfAbsent(
          StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
          IDLE_GLOBAL_FETCH_MAX_WAIT_MS);
    }
  }

  /**
   * The clients of every application: Kafka's, except the global stores' consumer ({@link
   * GlobalStoreConsumer}).
   */
  public static KafkaClientSupplier clientSupplier() {
    return new StreamsClientSupplier();
  }

  /**
   * What an application does with a record it cannot handle: never stall the partition. Poison
   * fragments are dead-lettered by the topology itself (with the reason); any other exception a
   * processor throws, or a record an internal serde cannot read, is logged, sent by Kafka Streams
   * to the same dead-letter topic (KIP-1034: the record with the exception class, message and stack
   * trace and its source topic, partition and offset in {@code __streams.errors.*} headers) and
   * skipped. Global stores use the same handler.
   */
  public static Properties errorHandling(Properties p) {
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER);
    p.put("processing.exception.handler.global.enabled", "true");
    return p;
  }

  /** One topology built from every part, in order. */
  public static Topology topology(Iterable<? extends TopologyPart> parts) {
    StreamsBuilder builder = new StreamsBuilder();
    parts.forEach(part -> part.addTo(builder));
    return builder.build();
  }

  /**
   * Starts {@code topology}; a stream thread that fails is logged and replaced; stores restored
   * from their changelogs are reported to {@code restores}.
   */
  public static KafkaStreams start(
      Topology topology, Properties properties, String what, StoreRestores restores) {
    EmptyStoreDirectories.remove(
        Path.of(
            properties.getProperty(StreamsConfig.STATE_DIR_CONFIG),
            properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
    KafkaStreams streams = new KafkaStreams(topology, properties, clientSupplier());
    streams.setGlobalStateRestoreListener(restores);
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("{}: stream thread failed; replacing it", what, e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    return streams;
  }
}

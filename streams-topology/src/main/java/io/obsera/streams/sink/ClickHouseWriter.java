package io.obsera.streams.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the Kafka to ClickHouse write. Reads raw and derived topics (read_committed),
 * encodes a batch per table as RowBinary and inserts it with a deduplication token made of the
 * batch's offset ranges; offsets are committed only after ClickHouse accepted every table's batch.
 * While ClickHouse is down the partitions are paused and the same bytes are retried with backoff:
 * Kafka keeps the data, nothing is lost. Records that cannot be decoded go to the dead-letter
 * topic.
 */
public final class ClickHouseWriter implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseWriter.class);

  private final Client client;
  private final WriterConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> deadLetters;
  private final Map<String, TableEncoder> encoders = new HashMap<>();
  private final AtomicLong rowsWritten = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean holdRequested;
  private volatile String lastError;
  private Thread thread;

  public ClickHouseWriter(Client client, WriterConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    encoders.put(Topics.OTLP_SPANS, new SpanTableEncoder());
    encoders.put(Topics.OTLP_LOGS, new LogTableEncoder());
    encoders.put(Topics.TRACE_SPAN_COUNTS, new SpanCountTableEncoder(clock));
    encoders.put(Topics.OTLP_METRICS, new MetricTableEncoder());
    encoders.put(Topics.TRACE_SUMMARIES, new TraceSummaryTableEncoder());
    encoders.put(Topics.RED_MINUTE, new RedMinuteTableEncoder());
    encoders.put(Topics.USAGE_HOURLY, new UsageTableEncoder());
    encoders.put(Topics.SLO_SLI_MINUTE, new SloSliTableEncoder());
    encoders.put(Topics.SLO_BURN_RATES, new SloBurnRateTableEncoder());
    Properties c = new Properties();
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    c.putAll(config.kafkaOverrides());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.putAll(config.kafkaOverrides());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-writer-dlq");
    this.deadLetters = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public ClickHouseWriter start() {
    thread = new Thread(this, "clickhouse-writer");
    thread.start();
    return this;
  }

  /** Rows inserted since start (for health and benchmarks). */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /**
   * Stops (true) or restarts (false) fetching from Kafka, keeping the group membership; what was
   * read is still flushed. For benchmarks that measure ingest alone and let the writer catch up.
   */
  public void hold(boolean hold) {
    holdRequested = hold;
  }

  /** The last insert error while it persists, else null. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void run() {
    Batch batch = new Batch();
    try {
      consumer.subscribe(List.copyOf(encoders.keySet()), new DropBatchOnRevoke(batch));
      while (running) {
        applyHold();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          add(batch, r);
        }
        if (batch.rows >= config.batchRows()
            || (batch.rows > 0 && batch.ageMillis() >= config.flushIntervalMillis())
            || (batch.rows == 0 && !batch.offsets.isEmpty())) {
          flush(batch);
        }
      }
      if (batch.rows > 0 || !batch.offsets.isEmpty()) {
        flush(batch);
      }
    } catch (WakeupException e) {
      // shutting down
    } catch (RuntimeException e) {
      log.error("ClickHouse writer stopped", e);
      lastError = e.toString();
    } finally {
      consumer.close(Duration.ofSeconds(5));
      deadLetters.close(Duration.ofSeconds(5));
    }
  }

  /** Between flushes, only {@link #hold} pauses partitions. */
  private void applyHold() {
    if (holdRequested) {
      if (!consumer.paused().containsAll(consumer.assignment())) {
        consumer.pause(consumer.assignment());
      }
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void add(Batch batch, ConsumerRecord<String, byte[]> r) {
    TableEncoder enc = encoders.get(r.topic());
    Map<TableSpec, Integer> mark = batch.mark();
    try {
      String tenant = RecordKeys.tenantOf(r.key() == null ? "" : r.key());
      batch.rows += enc.encode(tenant, r.key(), r.value(), batch);
    } catch (PoisonRecordException | IllegalArgumentException e) {
      batch.reset(mark);
      deadLetter(r, e.getMessage());
    }
    batch.track(r);
  }

  private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
    log.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
    ProducerRecord<String, byte[]> dlq =
        new ProducerRecord<>(Topics.DEAD_LETTER, r.key(), r.value());
    r.headers().forEach(h -> dlq.headers().add(h));
    dlq.headers().add(RecordHeaders.DLQ_REASON, RecordHeaders.bytes(String.valueOf(reason)));
    dlq.headers()
        .add(
            RecordHeaders.DLQ_SOURCE,
            RecordHeaders.bytes(r.topic() + "-" + r.partition() + "@" + r.offset()));
    try {
      deadLetters.send(dlq).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to the dead-letter topic", e);
    }
  }

  private void flush(Batch batch) {
    batch.flushing = true;
    try {
      insertAndCommit(batch);
    } finally {
      batch.flushing = false;
    }
  }

  private void insertAndCommit(Batch batch) {
    long backoff = config.retryInitialMillis();
    boolean paused = false;
    for (Map.Entry<TableSpec, RowBinaryOut> e : batch.tables.entrySet()) {
      TableSpec enc = e.getKey();
      byte[] bytes = e.getValue().toByteArray();
      if (bytes.length == 0) {
        continue;
      }
      String token = enc.name() + ":" + batch.rangeToken();
      while (running) {
        try {
          client
              .insert(
                  enc.name(),
                  enc.columns(),
                  new ByteArrayInputStream(bytes),
                  ClickHouseFormat.RowBinary,
                  new InsertSettings().setDeduplicationToken(token))
              .get(config.insertTimeoutMillis(), TimeUnit.MILLISECONDS)
              .close();
          lastError = null;
          break;
        } catch (Exception ex) {
          lastError = "insert into " + enc.name() + " failed: " + ex;
          log.warn("{}; retrying in {} ms (Kafka keeps the data)", lastError, backoff);
          if (!paused) {
            consumer.pause(consumer.assignment());
            paused = true;
          }
          consumer.poll(Duration.ofMillis(backoff)); // keeps group membership while paused
          backoff = Math.min(backoff * 2, config.retryMaxMillis());
          if (batch.revoked) {
            batch.clear();
            consumer.resume(consumer.assignment());
            return;
          }
        }
      }
    }
    if (lastError != null) {
      return; // stopped while ClickHouse was refusing: nothing committed, Kafka keeps the data
    }
    consumer.commitSync(batch.commitOffsets());
    rowsWritten.addAndGet(batch.rows);
    batch.clear();
    if (paused) {
      consumer.resume(consumer.assignment());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Rows and offsets read since the last commit. Only the writer thread touches it. */
  private static final class Batch implements TableOutputs {
    final Map<TableSpec, RowBinaryOut> tables = new java.util.LinkedHashMap<>();
    final Map<TopicPartition, long[]> offsets =
        new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
    long rows;
    long startedAt;
    boolean flushing;
    boolean revoked;

    @Override
    public RowBinaryOut table(TableSpec table) {
      return tables.computeIfAbsent(table, t -> new RowBinaryOut());
    }

    /** Buffer sizes now, to undo what a poison record appended. */
    Map<TableSpec, Integer> mark() {
      if (tables.isEmpty() && offsets.isEmpty()) {
        startedAt = System.nanoTime();
      }
      Map<TableSpec, Integer> sizes = new HashMap<>();
      tables.forEach((t, out) -> sizes.put(t, out.size()));
      return sizes;
    }

    void reset(Map<TableSpec, Integer> mark) {
      tables.forEach((t, out) -> out.truncateTo(mark.getOrDefault(t, 0)));
    }

    void track(ConsumerRecord<?, ?> r) {
      long[] range =
          offsets.computeIfAbsent(
              new TopicPartition(r.topic(), r.partition()),
              tp -> new long[] {r.offset(), r.offset()});
      range[1] = r.offset();
    }

    long ageMillis() {
      return (System.nanoTime() - startedAt) / 1_000_000;
    }

    String rangeToken() {
      StringBuilder sb = new StringBuilder();
      offsets.forEach(
          (tp, r) ->
              sb.append(tp.topic())
                  .append('-')
                  .append(tp.partition())
                  .append(':')
                  .append(r[0])
                  .append('-')
                  .append(r[1])
                  .append(';'));
      return sb.toString();
    }

    Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      offsets.forEach((tp, r) -> out.put(tp, new OffsetAndMetadata(r[1] + 1)));
      return out;
    }

    void clear() {
      tables.clear();
      offsets.clear();
      rows = 0;
      revoked = false;
    }
  }

  /**
   * On revocation the uncommitted batch is dropped and partitions we keep are rewound to their
   * committed offsets, so every record is re-read by whoever owns its partition next.
   */
  private final class DropBatchOnRevoke implements ConsumerRebalanceListener {
    private final Batch batch;

    DropBatchOnRevoke(Batch batch) {
      this.batch = batch;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty() || (batch.offsets.isEmpty() && batch.rows == 0)) {
        return;
      }
      if (batch.flushing) {
        batch.revoked = true;
      } else {
        batch.clear();
      }
      rewindKept(partitions);
    }

    private void rewindKept(Collection<TopicPartition> revoked) {
      java.util.Set<TopicPartition> kept = new java.util.HashSet<>(consumer.assignment());
      kept.removeAll(revoked);
      if (kept.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(kept);
      for (TopicPartition tp : kept) {
        OffsetAndMetadata om = committed.get(tp);
        if (om == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, om.offset());
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
  }
}

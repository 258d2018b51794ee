package io.obsera.writer.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.github.resilience4j.core.IntervalFunction;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the Kafka to ClickHouse write: exactly once as seen by queries, also after a
 * crash or a rebalance. Reads raw and derived topics (read_committed) and batches per source
 * partition. A flush (1) records each batch's offset range {@link BatchCut} in the partition's
 * commit metadata, (2) inserts each table's RowBinary rows with a deduplication token made of the
 * table, the partition and that range, and (3) commits the range's end. Whoever owns the partition
 * next and finds a recorded cut re-reads and re-inserts exactly that range with the same tokens, so
 * ClickHouse drops the blocks that had landed ({@code non_replicated_deduplication_window}, V009).
 *
 * <p>While ClickHouse refuses inserts, every partition is paused and the same bytes are retried
 * with exponential backoff (resilience4j {@link IntervalFunction}); the paused consumer keeps
 * polling, so the group never loses it ({@code max.poll.interval.ms}), and nothing is skipped.
 * Records that cannot be encoded go to the dead-letter topic with the reason; raw fragments that do
 * not parse are dead-lettered by the topology (same bytes, same parser) and only counted here.
 */
public final class ClickHouseWriter implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseWriter.class);
  private static final Duration BUSY_POLL = Duration.ofMillis(100);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  private final Client client;
  private final WriterConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final DeadLetterPublisher deadLetters;
  private final Map<String, TableEncoder> encoders = new HashMap<>();
  private final Map<TopicPartition, PartitionBatch> batches = new HashMap<>();
  private final IntervalFunction backoff;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong unparseableSkipped = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean holdRequested;
  private volatile String lastError;
  private boolean flushing;
  private volatile long lastPollNanos;
  private volatile boolean polled;
  private Thread thread;

  public ClickHouseWriter(Client client, WriterConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.backoff =
        IntervalFunction.ofExponentialBackoff(
            config.retryInitialMillis(), 2.0, config.retryMaxMillis());
    encoders.put(Topics.OTLP_SPANS, new SpanTableEncoder());
    encoders.put(Topics.OTLP_LOGS, new LogTableEncoder());
    encoders.put(Topics.TRACE_SPAN_COUNTS, new SpanCountTableEncoder(clock));
    encoders.put(Topics.OTLP_METRICS, new MetricTableEncoder());
    encoders.put(Topics.TRACE_SUMMARIES, new TraceSummaryTableEncoder());
    encoders.put(Topics.RED_MINUTE, new RedMinuteTableEncoder());
    encoders.put(Topics.USAGE_HOURLY, new UsageTableEncoder());
    encoders.put(Topics.SLO_SLI_MINUTE, new SloSliTableEncoder());
    encoders.put(Topics.SLO_BURN_RATES, new SloBurnRateTableEncoder());
    encoders.put(Topics.HEALTH_CHECKS, new HealthCheckTableEncoder());
    encoders.put(Topics.OUTAGE_EVENTS, new OutageTableEncoder());
    encoders.put(Topics.ALERT_EVENTS, new AlertTableEncoder());
    encoders.put(Topics.ALERT_DELIVERIES, new AlertDeliveryTableEncoder());
    encoders.put(Topics.AUDIT, new AuditTableEncoder());
    Properties c = new Properties();
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    // the broker answers a fetch as soon as a record is there, so holding an empty fetch 2 s (not
    // 500 ms) changes no latency and spares an idle broker three empty answers in four; only
    // partitions resumed after hold(false) or a ClickHouse outage wait for the fetch in flight
    // (a flush pauses only while no fetch can be sent: it leaves the one in flight for all), and
    // so does close() (the fetch session's close queues behind it): not longer, for a quick stop
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "2000");
    c.putAll(config.kafkaOverrides());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.deadLetters = new DeadLetterPublisher(config.kafkaBootstrap(), config.kafkaOverrides());
  }

  public ClickHouseWriter start() {
    thread = new Thread(this, "clickhouse-writer");
    thread.start();
    return this;
  }

  /** The topics this writer consumes. */
  public List<String> topics() {
    return List.copyOf(encoders.keySet());
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

  /** Records this writer sent to the dead-letter topic since start. */
  public long deadLettered() {
    return deadLetters.sent();
  }

  /** Raw fragments that did not parse, skipped here because the topology dead-letters them. */
  public long unparseableSkipped() {
    return unparseableSkipped.get();
  }

  /**
   * Whether the writer consumes: its thread runs and has polled Kafka within the last {@code
   * within} (a flush that waits for ClickHouse keeps polling, paused, to stay in the group).
   */
  public boolean consuming(Duration within) {
    return thread != null
        && thread.isAlive()
        && running
        && polled
        && System.nanoTime() - lastPollNanos < within.toNanos();
  }

  /** The last insert error while it persists, else null. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(topics(), new Rebalance());
      boolean rewind = false;
      while (running) {
        try {
          if (rewind) {
            rewindToCommitted();
            rewind = false;
          }
          applyHold();
          ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout());
          lastPollNanos = System.nanoTime();
          polled = true;
          for (ConsumerRecord<String, byte[]> r : records) {
            add(r);
          }
          flush(due(false));
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // e.g. a commit refused after a rebalance: start again from what Kafka committed
          lastError = "Kafka: " + e;
          log.warn("{}; re-reading from the committed offsets and recorded cuts", lastError);
          rewind = true;
        }
      }
      flush(due(true));
    } catch (WakeupException e) {
      // shutting down: what was not committed is read again by the next owner
    } catch (RuntimeException e) {
      log.error("ClickHouse writer stopped", e);
      lastError = e.toString();
    } finally {
      consumer.close(Duration.ofSeconds(5));
      deadLetters.close();
    }
  }

  /**
   * 100 ms while a batch holds records (its age is checked after each poll); 500 ms with nothing
   * buffered: a record ends the poll as soon as it arrives, so the longer wait only spares an idle
   * writer its empty loops ({@link #hold} then takes effect within it).
   */
  private Duration pollTimeout() {
    for (PartitionBatch b : batches.values()) {
      if (b.hasRecords()) {
        return BUSY_POLL;
      }
    }
    return IDLE_POLL;
  }

  /** Between flushes (a flush pauses and resumes on its own), only {@link #hold} pauses. */
  private void applyHold() {
    if (holdRequested) {
      if (!consumer.paused().containsAll(consumer.assignment())) {
        consumer.pause(consumer.assignment());
      }
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void add(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    PartitionBatch batch = batches.computeIfAbsent(tp, PartitionBatch::new);
    if (!batch.accepts(r.offset())) {
      consumer.seek(tp, batch.cut().end()); // read again once the recorded cut is flushed
      return;
    }
    Map<TableSpec, Integer> mark = batch.mark();
    int rows = 0;
    try {
      String tenant = RecordKeys.tenantOf(r.key() == null ? "" : r.key());
      rows = encoders.get(r.topic()).encode(tenant, r.key(), r.value(), batch);
    } catch (UnparseableFragmentException e) {
      batch.reset(mark);
      unparseableSkipped.incrementAndGet();
      log.info(
          "{}-{}@{}: {}; dead-lettered by the topology",
          tp.topic(),
          tp.partition(),
          r.offset(),
          e.getMessage());
    } catch (RuntimeException e) {
      batch.reset(mark);
      deadLetters.publish(r, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    batch.track(r.offset(), rows, System.nanoTime());
  }

  /** The batches to flush now: a sealed recorded cut always; the others on size or age. */
  private List<PartitionBatch> due(boolean stopping) {
    long now = System.nanoTime();
    long rows = 0;
    long oldest = 0;
    boolean empty = false;
    for (PartitionBatch b : batches.values()) {
      if (b.hasRecords() && !b.replaysRecordedCut()) {
        rows += b.rows();
        oldest = Math.max(oldest, b.ageMillis(now));
        empty |= b.rows() == 0;
      }
    }
    boolean all =
        stopping || empty || rows >= config.batchRows() || oldest >= config.flushIntervalMillis();
    List<PartitionBatch> due = new ArrayList<>();
    for (PartitionBatch b : batches.values()) {
      if (b.replaysRecordedCut() ? b.sealed() : all && b.hasRecords()) {
        due.add(b);
      }
    }
    return due;
  }

  private void flush(List<PartitionBatch> due) {
    if (due.isEmpty()) {
      return;
    }
    flushing = true;
    consumer.pause(consumer.assignment());
    try {
      Map<TopicPartition, OffsetAndMetadata> cuts = new HashMap<>();
      for (PartitionBatch b : due) {
        if (b.rows() > 0 && !b.replaysRecordedCut()) {
          cuts.put(b.source, new OffsetAndMetadata(b.cut().first(), b.cut().metadata()));
        }
      }
      if (!cuts.isEmpty()) {
        consumer.commitSync(cuts);
      }
      long rows = 0;
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      for (PartitionBatch b : due) {
        if (!insertAll(b)) {
          if (!running) {
            return; // stopping while ClickHouse refuses: the cut is recorded, Kafka keeps the rows
          }
          continue; // revoked: its next owner re-inserts the recorded cut
        }
        ends.put(b.source, new OffsetAndMetadata(b.cut().end()));
        rows += b.rows();
      }
      consumer.commitSync(ends);
      rowsWritten.addAndGet(rows);
      ends.keySet().forEach(batches::remove);
    } finally {
      flushing = false;
      consumer.resume(consumer.assignment());
    }
  }

  /** Inserts every table of one batch; false when the batch was revoked or the writer stops. */
  private boolean insertAll(PartitionBatch b) {
    BatchCut cut = b.cut();
    for (Map.Entry<TableSpec, RowBinaryOut> e : b.tables().entrySet()) {
      if (e.getValue().size() == 0) {
        continue;
      }
      if (!insert(
          b, e.getKey(), e.getValue().toByteArray(), cut.token(e.getKey().name(), b.source))) {
        return false;
      }
      keepGroupMembership();
    }
    return !b.revoked();
  }

  private boolean insert(PartitionBatch b, TableSpec table, byte[] rows, String token) {
    for (int attempt = 1; running && !b.revoked(); attempt++) {
      try {
        client
            .insert(
                table.name(),
                table.columns(),
                new ByteArrayInputStream(rows),
                ClickHouseFormat.RowBinary,
                new InsertSettings().setDeduplicationToken(token))
            .get(config.insertTimeoutMillis(), TimeUnit.MILLISECONDS)
            .close();
        lastError = null;
        return true;
      } catch (Exception ex) {
        if (ex instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return false;
        }
        long wait = backoff.apply(attempt);
        lastError = "insert into " + table.name() + " failed: " + ex;
        log.warn("{}; retrying in {} ms (Kafka keeps the data)", lastError, wait);
        pollPaused(Duration.ofMillis(wait));
      }
    }
    return false;
  }

  /** Between inserts of a long flush: poll (paused) well within {@code max.poll.interval.ms}. */
  private void keepGroupMembership() {
    if (System.nanoTime() - lastPollNanos > config.pollBudgetMillis() * 1_000_000) {
      pollPaused(Duration.ZERO);
    }
  }

  /**
   * Polls with every partition paused: heartbeats, and runs a rebalance if one is due. Records are
   * not expected; any that come back are sought back to, so they are read again after the flush.
   */
  private void pollPaused(Duration wait) {
    ConsumerRecords<String, byte[]> stray = consumer.poll(wait);
    lastPollNanos = System.nanoTime();
    for (TopicPartition tp : stray.partitions()) {
      consumer.seek(tp, stray.records(tp).get(0).offset());
    }
  }

  /** After a failed commit: drop every batch and start again from what Kafka has committed. */
  private void rewindToCommitted() {
    batches.values().forEach(PartitionBatch::revoke);
    batches.clear();
    Collection<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata om = committed.get(tp);
      if (om == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, om.offset());
      }
    }
    loadRecordedCuts(committed);
  }

  private void loadRecordedCuts(Map<TopicPartition, OffsetAndMetadata> committed) {
    committed.forEach(
        (tp, om) -> {
          if (om != null) {
            BatchCut.recorded(om.offset(), om.metadata())
                .ifPresent(
                    cut -> {
                      log.info("{}: re-inserting the recorded cut {}", tp, cut);
                      batches.put(tp, PartitionBatch.resuming(tp, cut));
                    });
          }
        });
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

  /**
   * A revoked partition's batch is dropped (its next owner reads from the committed offset and
   * re-inserts a recorded cut); an assigned partition starts with the cut recorded for it, if any.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        PartitionBatch b = batches.remove(tp);
        if (b != null) {
          b.revoke();
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (flushing) {
        consumer.pause(partitions);
      }
      loadRecordedCuts(consumer.committed(new HashSet<>(partitions)));
    }
  }
}

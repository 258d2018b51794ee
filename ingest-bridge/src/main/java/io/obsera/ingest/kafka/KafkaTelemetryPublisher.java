package io.obsera.ingest.kafka;

import io.obsera.ingest.fragment.Fragment;
import io.obsera.ingest.metrics.IngestMetrics;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.platform.kafka.KafkaReadiness;
import io.obsera.platform.kafka.ServiceAdmins;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the requests that arrive within a few milliseconds are written in one Kafka
 * transaction (idempotent, acks=all) and acknowledged together when it commits. A request therefore
 * lands all or nothing, and consumers reading {@code read_committed} never see part of one. One
 * thread owns the transactional producer; callers wait on the returned future.
 */
public final class KafkaTelemetryPublisher implements TelemetryPublisher {
  private static final Logger log = LoggerFactory.getLogger(KafkaTelemetryPublisher.class);
  private static final byte[] SCHEMA_V1 = RecordHeaders.bytes(RecordHeaders.OTLP_V1);

  private final Properties producerProps;
  private final Admin admin;
  private final KafkaReadiness readiness;
  private final BrokerDiskMonitor disk;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

  /** Put on the queue by {@link #close()} to wake the idle group-commit thread; never committed. */
  private static final Pending WAKE_UP = new Pending(null, List.of(), new CompletableFuture<>());

  private final PublisherConfig config;
  private final IngestMetrics metrics;
  private final Thread thread;
  private final AtomicLong queuedRecords = new AtomicLong();
  private volatile boolean running = true;
  private KafkaProducer<String, byte[]> producer;

  /** One request waiting for its transaction. */
  private record Pending(Signal signal, List<Fragment> fragments, CompletableFuture<Void> done) {}

  public KafkaTelemetryPublisher(PublisherConfig config, IngestMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    // Timeouts in order: a produce request (15 s) < a record's whole delivery with retries (25 s)
    // < the time the coordinator lets a transaction stay open (40 s: delivery plus a commit
    // blocked up to max.block.ms; also how long a crashed instance that is never restarted holds
    // back read_committed consumers of its partitions). With the transaction
    // timeout below the delivery timeout (it was 15 s), a transaction still retrying sends on a
    // CPU-starved machine was aborted by the coordinator under the producer's feet, whose next
    // sends then failed with fatal-looking errors such as OUT_OF_ORDER_SEQUENCE_NUMBER.
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "40000");
    p.putAll(config.kafkaOverrides());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-ingest");
    this.producerProps = p;
    Properties a = new Properties();
    a.putAll(config.kafkaOverrides());
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "obsera-ingest-health");
    this.admin = ServiceAdmins.create(a);
    this.readiness = new KafkaReadiness(admin);
    this.disk =
        new BrokerDiskMonitor(
            admin, config.minFreeDiskRatio(), Duration.ofSeconds(5), Duration.ofSeconds(60));
    this.thread = new Thread(this::run, "ingest-group-commit");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a request for the next transaction. Refuses at once (BackpressureException) when the
   * queue already holds {@code maxQueuedRecords} or a broker's disk is past the watermark.
   */
  @Override
  public CompletableFuture<Void> publish(Signal signal, List<Fragment> fragments) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    String diskProblem = disk.problem();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("publisher closed"));
    } else if (diskProblem != null) {
      done.completeExceptionally(new BackpressureException(diskProblem));
    } else if (queuedRecords.get() + fragments.size() > config.maxQueuedRecords()) {
      done.completeExceptionally(
          new BackpressureException(
              "Kafka is not keeping up: " + queuedRecords.get() + " records are waiting"));
    } else {
      queuedRecords.addAndGet(fragments.size());
      queue.add(new Pending(signal, fragments, done));
    }
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        // an idle thread blocks until a request (or close()'s wake-up) arrives, no timed polling
        Pending first = queue.take();
        if (first == WAKE_UP) {
          continue;
        }
        batch.add(first);
        gather(batch);
        commit(batch);
        queuedRecords.addAndGet(-batch.stream().mapToInt(p -> p.fragments().size()).sum());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.warn("group commit failed: {}", e.toString());
        queuedRecords.addAndGet(-batch.stream().mapToInt(p -> p.fragments().size()).sum());
        batch.forEach(p -> p.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    queue.forEach(
        p -> p.done().completeExceptionally(new IllegalStateException("publisher closed")));
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** Adds what arrives within the linger time, up to the batch's record budget. */
  private void gather(List<Pending> batch) throws InterruptedException {
    int records = batch.get(0).fragments().size();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.lingerMillis());
    while (records < config.maxRecordsPerTransaction()) {
      long left = deadline - System.nanoTime();
      Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null || next == WAKE_UP) {
        return;
      }
      batch.add(next);
      records += next.fragments().size();
    }
  }

  private void commit(List<Pending> batch) {
    KafkaProducer<String, byte[]> p = producer();
    long started = System.nanoTime();
    try {
      p.beginTransaction();
      for (Pending req : batch) {
        byte[] signal = RecordHeaders.bytes(req.signal().header());
        for (Fragment f : req.fragments()) {
          ProducerRecord<String, byte[]> rec =
              new ProducerRecord<>(req.signal().topic(), f.key(), f.value());
          rec.headers()
              .add(RecordHeaders.TENANT, RecordHeaders.bytes(RecordKeys.tenantOf(f.key())));
          rec.headers().add(RecordHeaders.SIGNAL, signal);
          rec.headers().add(RecordHeaders.SCHEMA, SCHEMA_V1);
          p.send(rec);
        }
      }
      p.commitTransaction();
      metrics.kafkaCommit(System.nanoTime() - started);
      batch.forEach(req -> req.done().complete(null));
    } catch (ProducerFencedException | AuthorizationException e) {
      // Fatal for this producer instance: fail the batch and start over with a new one.
      log.warn("transactional producer failed fatally, recreating it: {}", e.toString());
      batch.forEach(req -> req.done().completeExceptionally(e));
      closeProducer();
    } catch (RuntimeException e) {
      // Anything else, OUT_OF_ORDER_SEQUENCE_NUMBER included (abortable for a transactional
      // producer: the abort bumps the epoch and resets the sequences): no request of the batch is
      // acknowledged, the transaction is aborted, and if even that fails the producer is replaced
      // (its successor's initTransactions finishes or aborts what is open).
      log.warn("group commit of {} requests failed, aborting: {}", batch.size(), e.toString());
      batch.forEach(req -> req.done().completeExceptionally(e));
      try {
        p.abortTransaction();
      } catch (RuntimeException abortFailed) {
        log.warn("abort failed, recreating the producer: {}", abortFailed.toString());
        closeProducer();
      }
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
      try {
        p.initTransactions();
      } catch (RuntimeException e) {
        p.close(Duration.ZERO);
        throw e;
      }
      producer = p;
    }
    return producer;
  }

  private void closeProducer() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        log.debug("closing producer", e);
      }
      producer = null;
    }
  }

  @Override
  public boolean ready() {
    return readiness.check();
  }

  @Override
  public void close() {
    running = false;
    queue.add(WAKE_UP);
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    disk.close();
    admin.close(Duration.ofSeconds(2));
  }
}

package io.obsera.alert.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.delivery.Deliverer;
import io.obsera.alert.delivery.DeliveryOutcome;
import io.obsera.alert.delivery.DeliveryResult;
import io.obsera.alert.notify.Notification;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.Channel;
import io.obsera.platform.send.ErrorRedaction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: a consumer (read_committed, manual commits) hands each record to the queue
 * of its channel; delivery threads work the queues, each in order, with the {@link Deliverer}
 * (retries, breaker). A delivery that gives up (receiver down, circuit open) is tried again after
 * {@code redeliveryDelay} without holding a thread, so a dead channel never delays another; a
 * permanent failure (4xx, refused, channel deleted or broken) ends it. Every end is recorded on the
 * deliveries topic before the offset may move past it, and an offset is committed only when every
 * record before it ended. At start the recorded outcomes are read, and a record already decided is
 * not sent again: delivery is at least once, and a repeat carries the same delivery id.
 */
public final class OutboxDeliveryLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxDeliveryLoop.class);

  private final String bootstrap;
  private final Map<String, String> overrides;
  private final OutboxConfig config;
  private final Deliverer deliverer;
  private final ChannelDirectory channels;
  private final Clock clock;
  private final DeliveryLedger ledger = new DeliveryLedger();
  private final DeliveryRecorder recorder;
  private final ScheduledExecutorService workers;
  private final Map<String, ChannelQueue> queues = new ConcurrentHashMap<>();
  private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> backlog =
      new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private KafkaConsumer<String, byte[]> consumer;

  public OutboxDeliveryLoop(
      String bootstrap,
      Map<String, String> overrides,
      OutboxConfig config,
      Deliverer deliverer,
      ChannelDirectory channels,
      Clock clock) {
    this.bootstrap = bootstrap;
    this.overrides = Map.copyOf(overrides);
    this.config = config;
    this.deliverer = deliverer;
    this.channels = channels;
    this.clock = clock;
    this.recorder = new DeliveryRecorder(bootstrap, overrides, config.deliveriesTopic());
    this.workers =
        Executors.newScheduledThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "alert-delivery");
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::run, "alert-outbox");
  }

  public OutboxDeliveryLoop start() {
    thread.start();
    return this;
  }

  /** Waits until the recorded outcomes and the channels are read and the outbox is consumed. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the loop consumes the outbox (no wait). */
  public boolean awaitReadyQuietly() {
    return ready.getCount() == 0;
  }

  /** Deliveries recorded as delivered since start. */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries recorded as failed for good since start. */
  public long failed() {
    return failed.get();
  }

  private void run() {
    try {
      int known = ledger.load(bootstrap, overrides, config.deliveriesTopic());
      channels.start();
      while (running && !channels.awaitCaughtUp(Duration.ofSeconds(1))) {
        log.info("waiting for the channels topic to be read");
      }
      consumer = newConsumer();
      consumer.subscribe(List.of(config.notificationsTopic()), new Rebalance());
      log.info("delivering the outbox ({} outcomes recorded before)", known);
      ready.countDown();
      long lastCommit = System.nanoTime();
      // a record ends the poll at once and close() wakes it: the wait only spaces an idle loop
      // (and how soon a backlog moves on once its channel's queue has room)
      Duration pollTimeout = min(config.commitInterval(), Duration.ofSeconds(1));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          PartitionProgress p = progress.computeIfAbsent(tp, k -> new PartitionProgress());
          p.read(r.offset());
          backlog.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(r);
        }
        enqueueBacklog();
        if (System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
          commit(progress.keySet());
          lastCommit = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("outbox delivery loop stopped", e);
    } finally {
      if (consumer != null) {
        try {
          commit(progress.keySet());
        } catch (RuntimeException e) {
          log.warn("final outbox commit failed: {}", e.getMessage());
        }
        consumer.close(Duration.ofSeconds(5));
      }
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties p = new Properties();
    p.putAll(overrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    // a notification ends a held fetch at once: 2 s (not 500 ms) spares an idle broker three
    // empty answers in four; a partition resumed after its channel's queue was full, and close(),
    // wait for the fetch in flight (up to 2 s more, so not longer: a stop stays quick)
    p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "2000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Hands read records to their channel queues in order; pauses partitions that must wait. */
  private void enqueueBacklog() {
    for (Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> e : backlog.entrySet()) {
      TopicPartition tp = e.getKey();
      Deque<ConsumerRecord<String, byte[]>> waiting = e.getValue();
      PartitionProgress p = progress.get(tp);
      while (!waiting.isEmpty() && p != null && offer(tp, p, waiting.peek())) {
        waiting.poll();
      }
      if (waiting.isEmpty()) {
        if (consumer.paused().contains(tp)) {
          consumer.resume(List.of(tp));
        }
      } else if (!consumer.paused().contains(tp)) {
        consumer.pause(List.of(tp));
      }
    }
  }

  private boolean offer(TopicPartition tp, PartitionProgress p, ConsumerRecord<String, byte[]> r) {
    OutboxRecord record = parse(r);
    ChannelQueue.Pending pending =
        new ChannelQueue.Pending(tp, p, r.offset(), record, clock.instant());
    if (record == null || ledger.decided(record.deliveryKey())) {
      p.done(r.offset());
      return true;
    }
    ChannelQueue q =
        queues.computeIfAbsent(record.key(), k -> new ChannelQueue(config.queueCapacity()));
    if (!q.offer(pending)) {
      return false;
    }
    if (q.claim()) {
      workers.execute(() -> drain(q));
    }
    return true;
  }

  private static OutboxRecord parse(ConsumerRecord<String, byte[]> r) {
    try {
      OutboxRecord o = Json.MAPPER.readValue(r.value(), OutboxRecord.class);
      if (o.channelId() == null || o.notification() == null) {
        throw new IllegalArgumentException("channelId and notification are required");
      }
      return o;
    } catch (Exception e) {
      log.warn(
          "skipping unreadable outbox record {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return null;
    }
  }

  /** Works one queue: the head until it ends, then the next (resubmitted, to share threads). */
  private void drain(ChannelQueue q) {
    ChannelQueue.Pending head = q.headOrRelease();
    if (head == null) {
      if (q.claim()) { // something arrived after the release
        workers.execute(() -> drain(q));
      }
      return;
    }
    Duration retry;
    try {
      retry = attempt(head);
    } catch (RuntimeException e) {
      log.error("delivery of outbox record {} failed unexpectedly", head.offset(), e);
      retry = config.redeliveryDelay();
    }
    if (retry == null) {
      q.removeHead(head);
      head.progress().done(head.offset());
      workers.execute(() -> drain(q));
    } else if (running) {
      workers.schedule(() -> drain(q), retry.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Delivers or fails {@code p} for good (null), or says how long to wait before trying again. */
  private Duration attempt(ChannelQueue.Pending p) {
    if (!running) {
      return config.redeliveryDelay(); // closing: left undone, read again at the next start
    }
    if (progress.get(p.partition()) != p.progress()) {
      return null; // partition revoked: its new owner delivers it
    }
    OutboxRecord r = p.record();
    if (ledger.decided(r.deliveryKey())) {
      return null;
    }
    Notification n = r.notification();
    ChannelDirectory.Lookup channel = channels.lookup(n.tenantId(), r.channelId());
    if (channel.missing()
        && clock.instant().isBefore(p.enqueued().plus(config.missingChannelGrace()))) {
      return min(config.redeliveryDelay(), config.missingChannelGrace());
    }
    if (channel.channel() == null) {
      log.warn("delivery {} failed for good: {}", n.deliveryId(), channel.problem());
      return record(r, channel, DeliveryRecord.Status.FAILED, null, 0, 0, channel.problem());
    }
    DeliveryResult result = deliverer.deliver(n, channel.channel());
    if (result.outcome().retryLater() && !r.test()) { // a test ends at once: the sender waits
      Duration wait = config.redeliveryDelay();
      return result.retryAfter() != null ? max(wait, result.retryAfter()) : wait;
    }
    DeliveryRecord.Status status =
        result.outcome() == DeliveryOutcome.DELIVERED
            ? DeliveryRecord.Status.DELIVERED
            : DeliveryRecord.Status.FAILED;
    return record(
        r,
        channel,
        status,
        result.outcome(),
        result.attempts(),
        result.lastStatus(),
        result.lastError());
  }

  private Duration record(
      OutboxRecord r,
      ChannelDirectory.Lookup channel,
      DeliveryRecord.Status status,
      DeliveryOutcome outcome,
      int attempts,
      int lastStatus,
      String error) {
    Notification n = r.notification();
    DeliveryRecord d =
        new DeliveryRecord(
            n.deliveryId(),
            n.tenantId(),
            r.channelId(),
            n.fingerprint(),
            n.sequence(),
            status,
            outcome,
            attempts,
            lastStatus,
            ErrorRedaction.redact(error, secretsOf(channel.channel())),
            clock.instant(),
            n.alerts(),
            n.state(),
            channel.record() == null ? null : channel.record().type(),
            channel.record() == null ? null : channel.record().name(),
            r.test());
    try {
      recorder.record(d);
    } catch (Exception e) {
      log.warn("recording delivery {} failed, will repeat it: {}", d.key(), e.getMessage());
      return config.redeliveryDelay();
    }
    ledger.record(d.key());
    (status == DeliveryRecord.Status.DELIVERED ? delivered : failed).incrementAndGet();
    return null;
  }

  /** The secret values of {@code channel} (none when there is no channel). */
  private static List<String> secretsOf(Channel channel) {
    if (channel == null) {
      return List.of();
    }
    JsonNode json = Json.MAPPER.valueToTree(channel);
    return channel.type().secretFields().stream()
        .map(json::path)
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .toList();
  }

  private void commit(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionProgress p = progress.get(tp);
      long o = p == null ? -1 : p.toCommit();
      if (o >= 0) {
        offsets.put(tp, new OffsetAndMetadata(o));
      }
    }
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
      offsets.forEach((tp, o) -> progress.get(tp).committed(o.offset()));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Commits what ended before a partition goes, and forgets its records (the next owner reads
   * them).
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commit(partitions);
      } catch (RuntimeException e) {
        log.warn("commit on revocation failed: {}", e.getMessage());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // progress starts with the first record read
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        progress.remove(tp);
        backlog.remove(tp);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    recorder.close();
    channels.close();
  }
}

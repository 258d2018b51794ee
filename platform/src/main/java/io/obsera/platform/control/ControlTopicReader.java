package io.obsera.platform.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer and one thread that read the control topics of every {@link KeyedTopicView} of
 * a process with the same bootstrap servers and client overrides (the overrides carry the service's
 * credentials): a runtime has a few of these instead of a consumer per view. No group: each topic
 * is read from the beginning; each view gets each record of its topic once, in order.
 *
 * <p>The consumer is used on the reader's thread only: a view registering or leaving queues a
 * request and wakes the poll. A view registering for a topic already read makes the reader read
 * that topic again from the beginning, and each view is handed only the records past the last one
 * it was handed. The consumer is replaced, each view reading on from where it was, when a view
 * registers after a poll and when the reader itself fails ({@link #replaceConsumer}). A view that
 * fails on a record, or whose topic the credentials may not read, stops alone (logged), as it did
 * with a consumer of its own.
 */
final class ControlTopicReader {
  private static final Logger log = LoggerFactory.getLogger(ControlTopicReader.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The poll timeout while a view catches up: the last thing in a topic is often a transaction
   * marker, which advances the position without returning a record, so a long poll would only
   * notice the catch-up when it times out.
   */
  private static final Duration CATCH_UP_POLL_TIMEOUT = Duration.ofMillis(100);

  /**
   * After an unexpected failure the reader starts again with a new consumer after this long,
   * doubling with each failure in a row up to {@link #MAX_RESTART_DELAY}; a reader that ran {@link
   * #HEALTHY_AFTER} without failing starts from the first delay again.
   */
  private static final Duration FIRST_RESTART_DELAY = Duration.ofMillis(500);

  private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
  private static final Duration HEALTHY_AFTER = Duration.ofMinutes(1);

  private static final Map<Key, ControlTopicReader> READERS = new HashMap<>();
  private static final Object STOP = new Object();

  /** The overrides carry the service's Kafka password: never printed. */
  private record Key(String bootstrapServers, Map<String, String> overrides) {
    @Override
    public String toString() {
      return bootstrapServers + " with " + overrides.keySet();
    }
  }

  /** A view's place in a reader: its topic, what to do with a record, whom to tell of catch-up. */
  static final class Subscription {
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private final Runnable caughtUp;
    private volatile boolean active = true;
    private volatile String stopped;
    // the reader thread's: the next offset to hand over, per partition; the end offsets taken at
    // registration until caught up (then null)
    private final Map<Integer, Long> next = new HashMap<>();
    private Map<TopicPartition, Long> end;
    private volatile long registered;

    Subscription(String topic, Consumer<ConsumerRecord<String, byte[]>> apply, Runnable caughtUp) {
      this.topic = topic;
      this.apply = apply;
      this.caughtUp = caughtUp;
    }

    /** Why the reader stopped handing this view records (logged at the time), or null. */
    String stoppedBecause() {
      return stopped;
    }
  }

  private record Leave(Subscription subscription) {}

  private final Key key;
  private final Properties config;
  private final Thread thread;
  private final BlockingQueue<Object> requests = new LinkedBlockingQueue<>();
  private int users; // guarded by READERS
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  // the reader thread's
  private final List<Object> pending = new ArrayList<>();
  private final Map<String, List<Subscription>> byTopic = new HashMap<>();
  private final Map<String, List<TopicPartition>> partitionsOf = new HashMap<>();
  private final Set<String> fromBeginning = new HashSet<>();
  private boolean reassign;
  private boolean polled;

  private ControlTopicReader(Key key) {
    this.key = key;
    this.config = new Properties();
    config.putAll(key.overrides());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, key.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-views-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the broker answers a fetch as soon as a record is there: holding an empty fetch longer than
    // the default 500 ms only spares an idle broker and reader the empty answers; below
    // request.timeout.ms (30 s), which a held fetch must not reach
    config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "15000");
    this.consumer = newConsumer();
    this.thread = new Thread(this::run, "control-views");
    this.thread.setDaemon(true);
  }

  /** The reader of this process for these servers and overrides; {@link #release} when done. */
  static ControlTopicReader acquire(String bootstrapServers, Map<String, String> overrides) {
    synchronized (READERS) {
      Key key = new Key(bootstrapServers, Map.copyOf(overrides));
      ControlTopicReader reader = READERS.get(key);
      if (reader == null) {
        reader = new ControlTopicReader(key);
        READERS.put(key, reader);
        reader.thread.start();
      }
      reader.users++;
      return reader;
    }
  }

  /** How many readers this process runs. */
  static int live() {
    synchronized (READERS) {
      return READERS.size();
    }
  }

  /** Starts handing {@code s} the records of its topic, from the beginning. */
  void register(Subscription s) {
    s.registered = System.nanoTime();
    requests.add(s);
    consumer.wakeup();
  }

  /**
   * Stops handing {@code s} records (a registered one or not) and gives up this user's share of the
   * reader: the last one closes it.
   */
  void release(Subscription s) {
    s.active = false;
    boolean last;
    synchronized (READERS) {
      last = --users == 0;
      if (last && READERS.get(key) == this) {
        READERS.remove(key);
      }
    }
    if (last) {
      running = false;
      requests.add(STOP);
      consumer.wakeup();
      if (Thread.currentThread() != thread) {
        try {
          thread.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } else {
      requests.add(new Leave(s));
      consumer.wakeup();
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void run() {
    long restartDelay = FIRST_RESTART_DELAY.toMillis();
    long failedAt = 0;
    try {
      while (running) {
        try {
          step();
        } catch (WakeupException e) {
          // a request: handled at the next step
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          // Not a view's failure (those stop the view alone): the reader's own. Every view of the
          // process reads through it, so it starts again, with a new consumer, each view on from
          // the last record it was handed.
          long now = System.nanoTime();
          if (failedAt != 0 && now - failedAt > HEALTHY_AFTER.toNanos()) {
            restartDelay = FIRST_RESTART_DELAY.toMillis();
          }
          failedAt = now;
          log.error(
              "control-plane reader of {} failed; starting again in {} ms",
              byTopic.keySet(),
              restartDelay,
              e);
          awaitRequest(restartDelay);
          restartDelay = Math.min(MAX_RESTART_DELAY.toMillis(), restartDelay * 2);
          if (running) {
            replaceConsumer();
          }
        }
      }
    } finally {
      synchronized (READERS) {
        if (READERS.get(key) == this) {
          READERS.remove(key);
        }
      }
      // no group, no offsets to commit: nothing to wait for (waiting would hold every close for
      // the fetch in flight, up to fetch.max.wait.ms)
      consumer.close(Duration.ZERO);
    }
  }

  private void step() {
    while (true) {
      // a request queued before a consumer was replaced woke the old one: drained here
      requests.drainTo(pending);
      if (pending.isEmpty() && !reassign) {
        break;
      }
      if (pending.isEmpty()) {
        assign();
        continue;
      }
      Object request = pending.get(0);
      if (polled && request instanceof Subscription s && s.active) {
        replaceConsumer();
      }
      handle(request);
      pending.remove(0);
    }
    if (!running) {
      return;
    }
    boolean catchingUp = checkCaughtUp();
    if (partitionsOf.values().stream().allMatch(List::isEmpty)) {
      awaitRequest(POLL_TIMEOUT.toMillis());
      return;
    }
    ConsumerRecords<String, byte[]> records;
    try {
      records = consumer.poll(catchingUp ? CATCH_UP_POLL_TIMEOUT : POLL_TIMEOUT);
    } catch (TopicAuthorizationException e) {
      // the views of those topics stop, as each did with a consumer of its own; the others read on
      for (String topic : e.unauthorizedTopics()) {
        for (Subscription s : List.copyOf(byTopic.getOrDefault(topic, List.of()))) {
          log.error("view of {} stopped", topic, e);
          s.stopped = "not authorized to read " + topic;
          leave(s);
        }
      }
      return;
    } finally {
      polled = true;
    }
    List<Subscription> failed = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      for (Subscription s : byTopic.getOrDefault(r.topic(), List.of())) {
        if (!hand(s, r)) {
          failed.add(s);
        }
      }
      for (Subscription s : failed) {
        leave(s);
      }
      failed.clear();
    }
  }

  private void awaitRequest(long timeoutMillis) {
    try {
      Object request = requests.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (request != null) {
        pending.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Hands {@code r} to {@code s} unless it had it already; false when the view failed on it. */
  private boolean hand(Subscription s, ConsumerRecord<String, byte[]> r) {
    if (!s.active || r.offset() < s.next.getOrDefault(r.partition(), 0L)) {
      return true;
    }
    s.next.put(r.partition(), r.offset() + 1);
    try {
      s.apply.accept(r);
      return true;
    } catch (RuntimeException e) {
      log.error("view of {} stopped", s.topic, e);
      s.stopped = "failed on " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e;
      return false;
    }
  }

  private void handle(Object request) {
    if (request == STOP) {
      running = false;
    } else if (request instanceof Leave leave) {
      leave(leave.subscription());
    } else if (request instanceof Subscription s && s.active) {
      join(s);
    }
  }

  private void join(Subscription s) {
    List<TopicPartition> parts;
    Map<TopicPartition, Long> end;
    try {
      parts = partitionsOf.get(s.topic);
      if (parts == null) {
        parts =
            consumer.partitionsFor(s.topic, Duration.ofSeconds(30)).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
                .toList();
      }
      end = consumer.endOffsets(parts);
    } catch (WakeupException | TimeoutException e) {
      // a wake-up, or the broker not answering in time: the request stays pending and is tried
      // again (after a restart of the reader, for the timeout)
      throw e;
    } catch (RuntimeException e) {
      log.error("view of {} stopped", s.topic, e);
      s.stopped = "cannot read the partitions of " + s.topic + ": " + e;
      return;
    }
    partitionsOf.put(s.topic, parts);
    byTopic.computeIfAbsent(s.topic, t -> new ArrayList<>()).add(s);
    s.end = end;
    fromBeginning.add(s.topic);
    reassign = true;
  }

  private void leave(Subscription s) {
    List<Subscription> subs = byTopic.get(s.topic);
    if (subs == null || !subs.remove(s)) {
      return;
    }
    if (subs.isEmpty()) {
      byTopic.remove(s.topic);
      partitionsOf.remove(s.topic);
      fromBeginning.remove(s.topic);
      reassign = true;
    }
  }

  /**
   * Assigns every partition of the views' topics; those of a topic a view joined are read again
   * from the beginning.
   */
  private void assign() {
    List<TopicPartition> all = partitionsOf.values().stream().flatMap(List::stream).toList();
    consumer.assign(all);
    consumer.seekToBeginning(
        all.stream().filter(tp -> fromBeginning.contains(tp.topic())).toList());
    fromBeginning.clear();
    reassign = false;
  }

  /**
   * A new consumer for every partition of the views' topics, each read from the lowest offset a
   * view of it still needs (the views skip what they were handed already; a view that joined and
   * was handed nothing yet needs the beginning). Used after a poll, when a view joins: the broker
   * may hold a fetch of the old consumer up to {@code fetch.max.wait.ms} (15 s), and it answers the
   * requests of a connection in order, so the metadata and offsets a joining view needs, and its
   * first fetch, would wait as long. And after a failure of the reader itself.
   */
  private void replaceConsumer() {
    KafkaConsumer<String, byte[]> old = consumer;
    consumer = newConsumer();
    polled = false;
    try {
      old.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("closing the replaced consumer: {}", e.toString());
    }
    List<TopicPartition> all = partitionsOf.values().stream().flatMap(List::stream).toList();
    consumer.assign(all);
    for (TopicPartition tp : all) {
      long from = Long.MAX_VALUE;
      for (Subscription s : byTopic.getOrDefault(tp.topic(), List.of())) {
        from = Math.min(from, s.next.getOrDefault(tp.partition(), 0L));
      }
      consumer.seek(tp, from == Long.MAX_VALUE ? 0 : from);
    }
    fromBeginning.clear();
    reassign = false;
  }

  /** Tells each view that has caught up; true while one still catches up. */
  private boolean checkCaughtUp() {
    boolean catchingUp = false;
    for (List<Subscription> subs : byTopic.values()) {
      for (Subscription s : subs) {
        if (s.end == null) {
          continue;
        }
        if (s.end.entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          s.end = null;
          s.caughtUp.run();
          log.debug(
              "view of {} caught up in {} ms",
              s.topic,
              (System.nanoTime() - s.registered) / 1_000_000);
        } else {
          catchingUp = true;
        }
      }
    }
    return catchingUp;
  }
}

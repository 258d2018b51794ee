package io.obsera.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The views of a process share one consumer per servers and overrides ({@link ControlTopicReader})
 * and still behave each as if it read alone. Lives here, not in platform: the embedded broker
 * ({@code test-support}) depends on platform.
 */
class ControlTopicReaderIT {
  private static final Duration CATCH_UP = Duration.ofSeconds(20);

  /** A control value: its key is its id. */
  public record Note(String id, String text) {}

  private final String kafka = SharedServers.kafkaBootstrap();
  // overrides of this test alone: its views share a reader with no other test's
  private final Map<String, String> overrides =
      Map.of("client.rack", TestKafka.uniqueName("views-it"));
  private final List<KeyedTopicView<Note>> views = new ArrayList<>();
  private ControlPlaneWriter writer;

  @BeforeEach
  void setUp() {
    writer = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
  }

  @AfterEach
  void tearDown() {
    views.forEach(KeyedTopicView::close);
    writer.close();
  }

  @Test
  void should_shareOneReader_whenViewsOfTwoTopicsHaveTheSameServersAndOverrides() throws Exception {
    String first = topic();
    String second = topic();
    put(first, "a", "one");
    put(second, "b", "two");
    int before = ControlTopicReader.live();

    KeyedTopicView<Note> firstView = started(first);
    KeyedTopicView<Note> secondView = started(second);

    assertThat(ControlTopicReader.live()).isEqualTo(before + 1);
    assertThat(firstView.awaitCaughtUp(CATCH_UP)).isTrue();
    assertThat(secondView.awaitCaughtUp(CATCH_UP)).isTrue();
    assertThat(firstView.get("a")).contains(new Note("a", "one"));
    assertThat(secondView.get("b")).contains(new Note("b", "two"));
    assertThat(firstView.get("b")).isEmpty();
  }

  @Test
  void should_readTheTopicFromTheBeginning_forALaterView_withoutHandingTheFirstOneAnythingAgain()
      throws Exception {
    String topic = topic();
    put(topic, "a", "one");
    put(topic, "b", "two");
    KeyedTopicView<Note> first = started(topic);
    assertThat(first.awaitCaughtUp(CATCH_UP)).isTrue();
    // refused by both views, once each
    writeUnsigned(topic, "a");
    await().atMost(CATCH_UP).until(() -> first.refused() == 1);
    put(topic, "a", "one again");
    await().atMost(CATCH_UP).until(() -> first.get("a").orElseThrow().text().equals("one again"));

    KeyedTopicView<Note> later = started(topic);

    assertThat(later.awaitCaughtUp(CATCH_UP)).isTrue();
    assertThat(later.values())
        .containsExactlyInAnyOrder(new Note("a", "one again"), new Note("b", "two"));
    assertThat(later.refused()).isEqualTo(1);
    put(topic, "c", "three");
    await().atMost(CATCH_UP).until(() -> first.get("c").isPresent() && later.get("c").isPresent());
    assertThat(first.refused()).isEqualTo(1);
    assertThat(first.values())
        .containsExactlyInAnyOrder(
            new Note("a", "one again"), new Note("b", "two"), new Note("c", "three"));
  }

  @Test
  void should_catchUpPromptly_whenAViewJoinsAReaderWaitingOnAnIdleTopic() throws Exception {
    String idle = topic();
    String busy = topic();
    put(busy, "a", "one");
    KeyedTopicView<Note> idleView = started(idle);
    assertThat(idleView.awaitCaughtUp(CATCH_UP)).isTrue();
    // once a record was fetched and handed over, the next fetch is one the broker holds up to
    // fetch.max.wait.ms (15 s): the topic stays idle
    put(idle, "warm", "up");
    await().atMost(CATCH_UP).until(() -> idleView.get("warm").isPresent());

    long start = System.nanoTime();
    KeyedTopicView<Note> busyView = started(busy);

    assertThat(busyView.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(busyView.get("a")).contains(new Note("a", "one"));
  }

  @Test
  void should_handOverARecordPromptly_whenWrittenAfterCatchUp() throws Exception {
    String topic = topic();
    KeyedTopicView<Note> view = started(topic);
    assertThat(view.awaitCaughtUp(CATCH_UP)).isTrue();
    put(topic, "warm", "up");
    await().atMost(CATCH_UP).until(() -> view.get("warm").isPresent());

    long start = System.nanoTime();
    put(topic, "a", "one");

    await().atMost(Duration.ofSeconds(5)).until(() -> view.get("a").isPresent());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void should_keepTheOtherViewReading_whenOneCloses_andCloseTheReaderWithTheLast()
      throws Exception {
    String first = topic();
    String second = topic();
    int before = ControlTopicReader.live();
    long threadsBefore = readerThreads();
    KeyedTopicView<Note> firstView = started(first);
    KeyedTopicView<Note> secondView = started(second);
    assertThat(firstView.awaitCaughtUp(CATCH_UP)).isTrue();
    assertThat(secondView.awaitCaughtUp(CATCH_UP)).isTrue();

    firstView.close();
    put(first, "gone", "unseen");
    put(second, "a", "one");

    await().atMost(CATCH_UP).until(() -> secondView.get("a").isPresent());
    assertThat(firstView.get("gone")).isEmpty();
    assertThat(ControlTopicReader.live()).isEqualTo(before + 1);

    secondView.close();

    assertThat(ControlTopicReader.live()).isEqualTo(before);
    assertThat(readerThreads()).as("reader threads").isEqualTo(threadsBefore);
    KeyedTopicView<Note> again = started(second);
    assertThat(again.awaitCaughtUp(CATCH_UP)).isTrue();
    assertThat(again.get("a")).contains(new Note("a", "one"));
    assertThat(ControlTopicReader.live()).isEqualTo(before + 1);
  }

  @Test
  void should_keepReading_forTheOtherViews_whenOneViewFailsOnARecord() throws Exception {
    String topic = topic();
    String other = topic();
    put(topic, "a", "one");
    List<String> handed = new CopyOnWriteArrayList<>();
    CountDownLatch failingCaughtUp = new CountDownLatch(1);
    ControlTopicReader reader = ControlTopicReader.acquire(kafka, overrides);
    ControlTopicReader.Subscription failing =
        new ControlTopicReader.Subscription(
            topic,
            r -> {
              handed.add(r.key());
              if (r.key().equals("b")) {
                throw new IllegalStateException("a view that throws");
              }
            },
            failingCaughtUp::countDown);
    try {
      reader.register(failing);
      KeyedTopicView<Note> healthy = started(other);
      assertThat(failingCaughtUp.await(CATCH_UP.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(healthy.awaitCaughtUp(CATCH_UP)).isTrue();

      put(topic, "b", "boom");
      await().atMost(CATCH_UP).until(() -> handed.contains("b"));
      put(topic, "c", "after");
      put(other, "d", "after");

      await().atMost(CATCH_UP).until(() -> healthy.get("d").isPresent());
      // stopped at the record it failed on, as a view with a consumer of its own did
      assertThat(handed).containsExactly("a", "b");
      assertThat(failing.stoppedBecause()).contains("a view that throws").contains(topic);
      assertThat(healthy.isCaughtUp()).isTrue();
    } finally {
      reader.release(failing);
    }
  }

  @Test
  void should_startAgainAndKeepEveryViewReading_whenTheReaderItselfFails() throws Exception {
    String topic = topic();
    String other = topic();
    put(topic, "a", "one");
    put(other, "x", "one");
    KeyedTopicView<Note> healthy = started(other);
    assertThat(healthy.awaitCaughtUp(CATCH_UP)).isTrue();
    int readers = ControlTopicReader.live();
    List<String> handed = new CopyOnWriteArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    ControlTopicReader reader = ControlTopicReader.acquire(kafka, overrides);
    // a failure outside any view's handling of a record: the reader's own
    ControlTopicReader.Subscription failing =
        new ControlTopicReader.Subscription(
            topic,
            r -> handed.add(r.key()),
            () -> {
              if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the reader's own failure");
              }
            });
    try {
      reader.register(failing);
      await().atMost(CATCH_UP).until(failed::get);

      put(topic, "b", "two");
      put(other, "y", "two");

      await().atMost(CATCH_UP).until(() -> healthy.get("y").isPresent() && handed.contains("b"));
      // each view on from where it was: nothing handed twice, nothing replayed to be refused
      assertThat(handed).containsExactly("a", "b");
      assertThat(healthy.values())
          .containsExactlyInAnyOrder(new Note("x", "one"), new Note("y", "two"));
      assertThat(healthy.refused()).isZero();
      assertThat(healthy.isCaughtUp()).isTrue();
      assertThat(failing.stoppedBecause()).isNull();
      assertThat(ControlTopicReader.live()).isEqualTo(readers);
    } finally {
      reader.release(failing);
    }
  }

  private static long readerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("control-views"))
        .count();
  }

  private String topic() {
    String topic = TestKafka.uniqueName("views-it");
    TestKafka.createTopics(topic);
    return topic;
  }

  private KeyedTopicView<Note> started(String topic) {
    KeyedTopicView<Note> view =
        new KeyedTopicView<>(
            kafka,
            overrides,
            TestControlKeys.verifier(),
            topic,
            Note.class,
            KeyedTopicView.sound("note", n -> List.of(), Note::id));
    views.add(view);
    return view.start();
  }

  private void put(String topic, String key, String text) {
    writer.put(topic, key, new Note(key, text));
  }

  private void writeUnsigned(String topic, String key) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      byte[] value =
          ("{\"id\":\"" + key + "\",\"text\":\"forged\"}").getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }
}

package io.obsera.alert.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.alert.delivery.DeliveryOutcome;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.WebhookReceiver;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.ChannelType;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ObseraServersExtension.class)
class OutboxDeliveryIT {
  private final OutboxFixture kafka = new OutboxFixture(1);
  private final WebhookReceiver receiver = new WebhookReceiver(OutboxFixture.SECRET);
  private final WebhookReceiver dead = new WebhookReceiver(OutboxFixture.SECRET);
  private final String group = TestKafka.uniqueName("outbox-group");

  @AfterEach
  void stop() throws Exception {
    kafka.close();
    receiver.close();
    dead.close();
  }

  @Test
  void should_deliverEveryNotificationOncePerDeliveryId_whenTheReceiverIsDownForAWhile()
      throws Exception {
    kafka.webhook("hook", receiver.url("/hook"));
    receiver.stop();
    OutboxDeliveryLoop loop = kafka.loop(group);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ids.add(kafka.send("hook", "fp-down-" + i, 1).deliveryId());
    }
    Thread.sleep(2000); // the outage: several delivery rounds give up meanwhile
    assertThat(loop.delivered()).isZero();
    assertThat(kafka.committed(group)).isLessThanOrEqualTo(0);

    receiver.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> new HashSet<>(receiver.deliveryIds()).size() == ids.size());
    assertThat(receiver.deliveryIds()).containsExactlyElementsOf(ids); // in order, once each
    await().atMost(Duration.ofSeconds(10)).until(() -> kafka.committed(group) == 10);
    assertThat(kafka.recorded())
        .extracting(DeliveryRecord::deliveryId)
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(kafka.recorded())
        .extracting(DeliveryRecord::status)
        .containsOnly(DeliveryRecord.Status.DELIVERED);
  }

  @Test
  void should_holdEmptyFetches_andDeliverANotificationAtOnce_whenIdle() throws Exception {
    kafka.webhook("hook", receiver.url("/hook"));
    kafka.loop(group);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.fetchesAnswered(group) >= 1);
    // the measurement window: nothing arrives on the outbox in these 8 s
    assertThat(TestKafka.fetchesAnsweredDuring(Duration.ofSeconds(8), TestKafka.ofGroup(group)))
        .as("fetches answered in 8 idle seconds (16 at Kafka's default 500 ms, 4 at 2 s)")
        .isLessThanOrEqualTo(6);

    long sent = System.nanoTime();
    String id = kafka.send("hook", "fp-idle", 1).deliveryId();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> receiver.deliveryIds().contains(id));
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .as("from send to delivered, with a fetch held when the notification arrived")
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void should_notDelayAHealthyChannel_whenAnotherChannelIsDead() throws Exception {
    kafka.webhook("healthy", receiver.url("/hook"));
    kafka.webhook("dead", dead.url("/hook"));
    dead.stop();
    kafka.loop(group);
    List<String> healthy = new ArrayList<>();
    List<String> toDead = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      toDead.add(kafka.send("dead", "fp-dead-" + i, 1).deliveryId());
      healthy.add(kafka.send("healthy", "fp-ok-" + i, 1).deliveryId());
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> receiver.deliveryIds().size() == healthy.size());
    assertThat(receiver.deliveryIds()).containsExactlyElementsOf(healthy);
    // the dead channel's first record (offset 0) holds the commit back
    assertThat(kafka.committed(group)).isLessThanOrEqualTo(0);

    dead.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> dead.deliveryIds().size() == 5);
    assertThat(dead.deliveryIds()).containsExactlyElementsOf(toDead);
    await().atMost(Duration.ofSeconds(10)).until(() -> kafka.committed(group) == 10);
  }

  @Test
  void should_recordPermanentFailures_andCommitPastThem() throws Exception {
    kafka.webhook("hook", receiver.url("/hook"));
    receiver.failNext(1, 400, null);
    OutboxDeliveryLoop loop = kafka.loop(group);
    Notification rejected = kafka.send("hook", "fp-400", 1);
    Notification deleted = kafka.send("no-such-channel", "fp-gone", 1);
    Notification ok = kafka.send("hook", "fp-ok", 1);

    await().atMost(Duration.ofSeconds(20)).until(() -> kafka.committed(group) == 3);
    assertThat(loop.failed()).isEqualTo(2);
    assertThat(receiver.deliveryIds()).containsExactly(ok.deliveryId());
    assertThat(receiver.exchanges()).hasSize(2); // the 400 was not retried
    var byId =
        kafka.recorded().stream()
            .collect(Collectors.toMap(DeliveryRecord::deliveryId, Function.identity()));
    assertThat(byId.get(rejected.deliveryId()).status()).isEqualTo(DeliveryRecord.Status.FAILED);
    assertThat(byId.get(rejected.deliveryId()).lastStatus()).isEqualTo(400);
    assertThat(byId.get(rejected.deliveryId()))
        .as("what the alert's delivery history shows")
        .extracting(
            DeliveryRecord::state,
            DeliveryRecord::channelType,
            DeliveryRecord::channelName,
            DeliveryRecord::test)
        .containsExactly(AlertState.FIRING, ChannelType.WEBHOOK, "hook", false);
    assertThat(byId.get(deleted.deliveryId()).channelType()).isNull();
    assertThat(byId.get(deleted.deliveryId()).status()).isEqualTo(DeliveryRecord.Status.FAILED);
    assertThat(byId.get(deleted.deliveryId()).error()).contains("does not exist");
    assertThat(byId.get(ok.deliveryId()).status()).isEqualTo(DeliveryRecord.Status.DELIVERED);
  }

  @Test
  void should_recordAChannelTestThatGaveUp_atOnce_andNotRedeliverIt() throws Exception {
    kafka.webhook("hook", receiver.url("/hook"));
    receiver.failNext(100, 503, null);
    OutboxDeliveryLoop loop = kafka.loop(group);
    Notification test = kafka.send("hook", "test-fp", 1, true);

    await().atMost(Duration.ofSeconds(20)).until(() -> kafka.committed(group) == 1);
    DeliveryRecord d = kafka.recorded().get(0);
    assertThat(d.deliveryId()).isEqualTo(test.deliveryId());
    assertThat(d.status()).isEqualTo(DeliveryRecord.Status.FAILED);
    assertThat(d.outcome()).isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(d.lastStatus()).isEqualTo(503);
    int sent = receiver.exchanges().size(); // the one round's attempts
    Thread.sleep(1500); // longer than the redelivery delay: nothing more is sent
    assertThat(receiver.exchanges()).hasSize(sent);
    assertThat(loop.failed()).isEqualTo(1);
  }

  @Test
  void should_notSendAgain_whatWasRecordedAsDelivered_whenTheOutboxIsReadAgain() throws Exception {
    kafka.webhook("hook", receiver.url("/hook"));
    OutboxDeliveryLoop first = kafka.loop(group);
    for (int i = 1; i <= 3; i++) {
      kafka.send("hook", "fp-once-" + i, 1);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> first.delivered() == 3);
    first.close();

    // another group reads the whole outbox again: the recorded outcomes keep it from resending
    String other = TestKafka.uniqueName("outbox-group");
    kafka.loop(other);
    Notification fresh = kafka.send("hook", "fp-fresh", 1);
    await().atMost(Duration.ofSeconds(15)).until(() -> kafka.committed(other) == 4);
    assertThat(receiver.deliveryIds()).hasSize(4).endsWith(fresh.deliveryId());
  }
}

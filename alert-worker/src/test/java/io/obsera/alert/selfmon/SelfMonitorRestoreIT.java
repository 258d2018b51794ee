package io.obsera.alert.selfmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A self-monitor on the real shared Kafka pages a stalled consumer group (committed offsets that
 * stop while records wait) on {@code obsera.alerts.events}; it stops, the group catches up, and the
 * next self-monitor (a restart) reads the firing alert back and publishes its resolve, with the
 * next sequence and the same fingerprint and start.
 */
@ExtendWith(ObseraServersExtension.class)
class SelfMonitorRestoreIT {

  @Test
  void should_resolveAfterARestart_anOperatorAlertFiredBeforeIt() throws Exception {
    Instant begin = Instant.now();
    try (GroupFixture f = new GroupFixture(5)) {
      SelfMonitorConfig config =
          SelfMonitorConfig.fromEnv(
              Map.of(
                  "OBSERA_WRITER_GROUP_ID", f.group,
                  "OBSERA_SELFMON_INTERVAL_MS", "200",
                  "OBSERA_SELFMON_WRITER_STALL_MS", "600"));
      f.commit(2);
      AlertEvent fired;
      try (SelfMonitor first = new SelfMonitor(config, f.kafka, Map.of(), Clock.systemUTC())) {
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !stalled(begin).isEmpty());
        fired = stalled(begin).get(0);
      }
      assertThat(fired.state()).isEqualTo(AlertState.FIRING);
      assertThat(fired.tenantId()).isEqualTo("_operator");
      assertThat(fired.summary()).contains(f.group).contains("3 records wait");

      f.commit(5);
      try (SelfMonitor second = new SelfMonitor(config, f.kafka, Map.of(), Clock.systemUTC())) {
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> stalled(begin).size() >= 2);
      }
      List<AlertEvent> life = stalled(begin);
      assertThat(life)
          .extracting(AlertEvent::state)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      assertThat(life.get(1).sequence()).isEqualTo(2);
      assertThat(life.get(1).fingerprint()).isEqualTo(fired.fingerprint());
      assertThat(life.get(1).startsAt()).isEqualTo(fired.startsAt());
    }
  }

  /** The writer-stalled events published since {@code begin}, in order. */
  private static List<AlertEvent> stalled(Instant begin) {
    return TestKafka.readAll(Topics.ALERT_EVENTS).stream()
        .filter(r -> r.key() != null && r.key().startsWith("_operator|"))
        .map(r -> parse(r.value()))
        .filter(Objects::nonNull)
        .filter(e -> "writer-stalled".equals(e.ruleId()) && !e.time().isBefore(begin))
        .toList();
  }

  private static AlertEvent parse(byte[] value) {
    try {
      return Json.MAPPER.readValue(value, AlertEvent.class);
    } catch (IOException e) {
      return null;
    }
  }
}

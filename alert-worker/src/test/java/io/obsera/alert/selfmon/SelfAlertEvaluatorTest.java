package io.obsera.alert.selfmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The thresholds and hold durations of the operator alerts, with a manual clock. */
class SelfAlertEvaluatorTest {
  static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  final ManualClock clock = new ManualClock(T0);
  final SelfMonitorConfig config =
      SelfMonitorConfig.fromEnv(
          Map.of(
              "OBSERA_SELFMON_WRITER_STALL_MS", "60000",
              "OBSERA_SELFMON_WRITER_LAG_RECORDS", "1000",
              "OBSERA_SELFMON_WRITER_LAG_MS", "120000",
              "OBSERA_SELFMON_DOWN_MS", "30000",
              "OBSERA_SELFMON_RECENT_MS", "600000",
              "OBSERA_CLICKHOUSE_URL", "http://127.0.0.1:8123"));
  final SelfAlertEvaluator evaluator = new SelfAlertEvaluator(config, clock);

  static HealthSample healthy(long lag, long committed) {
    return new HealthSample(true, null, true, null, lag, committed, 0L, 0.5, "d", 0, null);
  }

  static HealthSample with(HealthSample s, Long dlq, double disk, long failed) {
    return new HealthSample(
        s.kafkaUp(),
        s.kafkaError(),
        s.clickHouseUp(),
        s.clickHouseError(),
        s.writerLag(),
        s.writerCommitted(),
        dlq,
        disk,
        "Kafka broker 1 log dir /data",
        failed,
        failed == 0 ? null : "tenant acme, channel hook, REJECTED");
  }

  List<AlertEvent> at(Duration after, HealthSample s) {
    clock.set(T0.plus(after));
    return evaluator.evaluate(s);
  }

  @Test
  void should_fireWriterStalled_onlyAfterLagWithoutProgressHeldForTheStallDuration() {
    assertThat(at(Duration.ZERO, healthy(0, 500))).isEmpty();
    // progress: committed moved, lag drains
    assertThat(at(Duration.ofSeconds(30), healthy(10, 600))).isEmpty();
    // no progress from here on while records wait
    assertThat(at(Duration.ofSeconds(60), healthy(40, 600))).isEmpty();
    assertThat(at(Duration.ofSeconds(119), healthy(90, 600))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(120), healthy(120, 600));
    assertThat(fired).hasSize(1);
    AlertEvent e = fired.get(0);
    assertThat(e.tenantId()).isEqualTo("_operator");
    assertThat(e.ruleId()).isEqualTo("writer-stalled");
    assertThat(e.state()).isEqualTo(AlertState.FIRING);
    assertThat(e.sequence()).isEqualTo(1);
    assertThat(e.severity()).isEqualTo(Severity.PAGE);
    assertThat(e.source()).isEqualTo(AlertSource.THRESHOLD);
    assertThat(e.value()).isEqualTo(120.0);
    assertThat(e.startsAt()).isEqualTo(T0.plus(Duration.ofSeconds(60)));
    assertThat(e.labels())
        .containsEntry("severity", "page")
        .containsEntry("rule", "writer-stalled")
        .containsEntry("component", "writer");
    assertThat(e.summary()).contains("committed nothing").contains("120 records wait");
    // still stalled: no second event
    assertThat(at(Duration.ofSeconds(150), healthy(150, 600))).isEmpty();
    // progress again resolves it, same fingerprint
    List<AlertEvent> resolved = at(Duration.ofSeconds(180), healthy(20, 730));
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.get(0).sequence()).isEqualTo(2);
    assertThat(resolved.get(0).fingerprint()).isEqualTo(e.fingerprint());
    assertThat(resolved.get(0).endsAt()).isEqualTo(T0.plus(Duration.ofSeconds(180)));
    assertThat(evaluator.firing()).isEmpty();
  }

  @Test
  void should_notFireWriterStalled_whenProgressInterruptsTheHold() {
    at(Duration.ZERO, healthy(5, 100));
    at(Duration.ofSeconds(50), healthy(5, 100));
    at(Duration.ofSeconds(55), healthy(5, 101));
    // the hold starts again at the first sample that shows no progress (100 s)
    assertThat(at(Duration.ofSeconds(100), healthy(5, 101))).isEmpty();
    assertThat(at(Duration.ofSeconds(115), healthy(5, 101))).isEmpty();
    assertThat(at(Duration.ofSeconds(160), healthy(5, 101)))
        .extracting(AlertEvent::ruleId)
        .containsExactly("writer-stalled");
  }

  @Test
  void should_fireWriterLag_atTheRecordThreshold_afterItsDuration_asATicket() {
    at(Duration.ZERO, healthy(999, 1));
    assertThat(at(Duration.ofSeconds(200), healthy(999, 2))).isEmpty();
    at(Duration.ofSeconds(210), healthy(1000, 3));
    assertThat(at(Duration.ofSeconds(329), healthy(5000, 4))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(330), healthy(5000, 5));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("writer-lag");
    assertThat(fired.get(0).severity()).isEqualTo(Severity.TICKET);
    assertThat(fired.get(0).threshold()).isEqualTo(1000.0);
    assertThat(at(Duration.ofSeconds(340), healthy(999, 6)))
        .extracting(AlertEvent::state)
        .containsExactly(AlertState.RESOLVED);
  }

  @Test
  void should_fireKafkaAndClickHouseDown_afterTheDownDuration_andKeepStateWhileUnknown() {
    HealthSample kafkaDown =
        HealthSample.kafkaDown("TimeoutException", false, "ConnectException", 0, null);
    assertThat(at(Duration.ZERO, kafkaDown)).isEmpty();
    assertThat(at(Duration.ofSeconds(29), kafkaDown)).isEmpty();
    assertThat(at(Duration.ofSeconds(30), kafkaDown))
        .extracting(AlertEvent::ruleId)
        .containsExactlyInAnyOrder("kafka-down", "clickhouse-down");
    // Kafka back, ClickHouse still down; the writer's lag is unknown until now and not judged
    HealthSample chDown =
        new HealthSample(true, null, false, "refused", 0L, 1L, 0L, 0.5, "d", 0, null);
    List<AlertEvent> events = at(Duration.ofSeconds(40), chDown);
    assertThat(events).extracting(AlertEvent::ruleId).containsExactly("kafka-down");
    assertThat(events.get(0).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(evaluator.firing()).containsExactly(SelfCheck.CLICKHOUSE_DOWN);
  }

  @Test
  void should_fireOnNewDeadLetters_andResolveAfterTheRecentWindowWithoutNewOnes() {
    assertThat(at(Duration.ZERO, with(healthy(0, 1), 7L, 0.5, 0))).isEmpty();
    assertThat(at(Duration.ofSeconds(10), with(healthy(0, 1), 7L, 0.5, 0))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(20), with(healthy(0, 1), 9L, 0.5, 0));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("dead-letters");
    assertThat(fired.get(0).value()).isEqualTo(2.0);
    // unknown count (topic not readable) changes nothing
    assertThat(at(Duration.ofSeconds(30), with(healthy(0, 1), null, 0.5, 0))).isEmpty();
    assertThat(at(Duration.ofSeconds(619), with(healthy(0, 1), 9L, 0.5, 0))).isEmpty();
    assertThat(at(Duration.ofSeconds(620), with(healthy(0, 1), 9L, 0.5, 0)))
        .extracting(AlertEvent::state)
        .containsExactly(AlertState.RESOLVED);
  }

  @Test
  void should_fireDiskLow_belowTwiceTheIngestGuard_byDefault() {
    assertThat(config.minFreeDisk()).isEqualTo(0.10);
    assertThat(at(Duration.ZERO, with(healthy(0, 1), 0L, 0.10, 0))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(1), with(healthy(0, 1), 0L, 0.099, 0));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("disk-low");
    assertThat(fired.get(0).summary()).contains("Kafka broker 1 log dir /data has 9.9% free");
    assertThat(
            SelfMonitorConfig.fromEnv(Map.of("OBSERA_INGEST_MIN_FREE_DISK", "0.2")).minFreeDisk())
        .isEqualTo(0.4);
  }

  @Test
  void should_fireDeliveryFailing_onAFailure_andResolveAfterTheRecentWindow() {
    assertThat(at(Duration.ZERO, with(healthy(0, 1), 0L, 0.5, 0))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(5), with(healthy(0, 1), 0L, 0.5, 1));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("delivery-failing");
    assertThat(fired.get(0).summary()).contains("tenant acme, channel hook, REJECTED");
    // a second failure keeps it firing, and extends the window
    assertThat(at(Duration.ofSeconds(300), with(healthy(0, 1), 0L, 0.5, 2))).isEmpty();
    assertThat(at(Duration.ofSeconds(899), with(healthy(0, 1), 0L, 0.5, 2))).isEmpty();
    assertThat(at(Duration.ofSeconds(900), with(healthy(0, 1), 0L, 0.5, 2)))
        .extracting(AlertEvent::state)
        .containsExactly(AlertState.RESOLVED);
  }

  @Test
  void should_resolveAnAlertFiringBeforeARestart_withTheNextSequence_andKeepAStillFiringOneQuiet() {
    at(Duration.ZERO, healthy(5, 100));
    at(Duration.ofSeconds(30), healthy(5, 100));
    List<AlertEvent> fired = at(Duration.ofSeconds(90), healthy(5, 100));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("writer-stalled");

    // a new evaluator (restart) still stalled: nothing new
    SelfAlertEvaluator stillStalled = new SelfAlertEvaluator(config, clock);
    stillStalled.restore(fired);
    assertThat(stillStalled.firing()).containsExactly(SelfCheck.WRITER_STALLED);
    clock.set(T0.plus(Duration.ofSeconds(120)));
    assertThat(stillStalled.evaluate(healthy(5, 100))).isEmpty();

    // a new evaluator after the stall ended: the resolve continues the alert's life
    SelfAlertEvaluator recovered = new SelfAlertEvaluator(config, clock);
    recovered.restore(fired);
    // the first sample cannot tell progress; the second can
    assertThat(recovered.evaluate(healthy(3, 150))).isEmpty();
    clock.set(T0.plus(Duration.ofSeconds(121)));
    List<AlertEvent> resolved = recovered.evaluate(healthy(0, 200));
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.get(0).sequence()).isEqualTo(2);
    assertThat(resolved.get(0).fingerprint()).isEqualTo(fired.get(0).fingerprint());
    assertThat(resolved.get(0).startsAt()).isEqualTo(fired.get(0).startsAt());

    // a resolved alert is not taken over
    SelfAlertEvaluator afterResolve = new SelfAlertEvaluator(config, clock);
    afterResolve.restore(resolved);
    assertThat(afterResolve.firing()).isEmpty();
  }

  @Test
  void should_keepARestoredDeadLetterAlertFiring_forTheWindowAfterItsLastEvent() {
    assertThat(at(Duration.ZERO, with(healthy(0, 1), 1L, 0.5, 0))).isEmpty();
    List<AlertEvent> fired = at(Duration.ofSeconds(10), with(healthy(0, 1), 2L, 0.5, 0));
    assertThat(fired).extracting(AlertEvent::ruleId).containsExactly("dead-letters");
    SelfAlertEvaluator restarted = new SelfAlertEvaluator(config, clock);
    restarted.restore(fired);
    clock.set(T0.plus(Duration.ofSeconds(609)));
    assertThat(restarted.evaluate(with(healthy(0, 1), 2L, 0.5, 0))).isEmpty();
    clock.set(T0.plus(Duration.ofSeconds(610)));
    assertThat(restarted.evaluate(with(healthy(0, 1), 2L, 0.5, 0)))
        .extracting(AlertEvent::state)
        .containsExactly(AlertState.RESOLVED);
  }

  @Test
  void should_rejectBadSettings_namingTheVariable() {
    assertThatThrownBy(() -> SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_ENABLED", "yes")))
        .hasMessageContaining("OBSERA_SELFMON_ENABLED");
    assertThatThrownBy(() -> SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_INTERVAL_MS", "5")))
        .hasMessageContaining("OBSERA_SELFMON_INTERVAL_MS");
    assertThatThrownBy(
            () -> SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_MIN_FREE_DISK", "1.5")))
        .hasMessageContaining("OBSERA_SELFMON_MIN_FREE_DISK");
    assertThatThrownBy(
            () -> SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_WRITER_LAG_RECORDS", "0")))
        .hasMessageContaining("OBSERA_SELFMON_WRITER_LAG_RECORDS");
    assertThatThrownBy(() -> SelfMonitorConfig.fromEnv(Map.of("OBSERA_CLICKHOUSE_URL", "ftp://x")))
        .hasMessageContaining("OBSERA_CLICKHOUSE_URL");
    assertThat(SelfMonitorConfig.fromEnv(Map.of()).clickHouseUrl()).isNull();
    assertThat(
            SelfMonitorConfig.fromEnv(Map.of("OBSERA_STREAMS_APPLICATION_ID", "x")).writerGroup())
        .isEqualTo("x-clickhouse-writer");
  }
}

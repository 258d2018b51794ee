package io.obsera.probe.schedule;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler with real timers; the check is a recorder of what was checked when. */
class ProbeSchedulerTest {
  record Run(String key, String url, long atMillis) {}

  final Clock clock = Clock.systemUTC();
  final List<Run> runs = new CopyOnWriteArrayList<>();
  final List<HealthCheck> delivered = new CopyOnWriteArrayList<>();
  final ProbeScheduler scheduler =
      new ProbeScheduler("eu-west", clock, this::record, delivered::add, 4);

  HealthCheck record(EndpointDefinition e) {
    runs.add(new Run(e.key(), e.url(), clock.millis()));
    return new HealthCheck(
        e.tenantId(),
        e.id(),
        "eu-west",
        "a",
        clock.instant(),
        e.url(),
        e.method(),
        CheckOutcome.UP,
        200,
        null,
        null,
        null,
        null,
        null,
        1.0,
        null,
        null,
        "0123456789abcdef0123456789abcdef");
  }

  @AfterEach
  void close() {
    scheduler.close();
  }

  List<Run> runsOf(String key) {
    return runs.stream().filter(r -> r.key().equals(key)).toList();
  }

  @Test
  void should_checkEveryInterval_atTheEndpointsPhase() {
    EndpointDefinition a = endpoint("acme", "a", "http://a.example/").intervalMs(1_000).build();
    EndpointDefinition b = endpoint("acme", "b", "http://b.example/").intervalMs(2_000).build();
    scheduler.update(List.of(a, b));

    await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("acme|a").size() >= 4);
    List<Run> ra = runsOf("acme|a");
    long offset = CheckPhase.offset("acme|a", 1_000);
    for (int i = 1; i < ra.size(); i++) {
      assertThat(ra.get(i).atMillis() - ra.get(i - 1).atMillis())
          .as("spacing of checks")
          .isBetween(700L, 1_300L);
    }
    for (Run r : ra) {
      long drift = Math.floorMod(r.atMillis() - offset, 1_000);
      assertThat(Math.min(drift, 1_000 - drift)).as("run at its phase").isLessThan(250);
    }
    assertThat(runsOf("acme|b").size()).as("half as often").isBetween(1, ra.size() / 2 + 1);
    assertThat(delivered).hasSize(runs.size());
  }

  @Test
  void should_reschedule_whenDefinitionChanges_andStop_whenRemoved() {
    EndpointDefinition v1 = endpoint("acme", "a", "http://v1.example/").intervalMs(1_000).build();
    EndpointDefinition other = endpoint("acme", "b", "http://b.example/").intervalMs(1_000).build();
    scheduler.update(List.of(v1, other));
    await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("acme|a").size() >= 1);

    EndpointDefinition v2 = endpoint("acme", "a", "http://v2.example/").intervalMs(1_000).build();
    scheduler.update(List.of(v2, other));
    int before = runsOf("acme|a").size();
    await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("acme|a").size() >= before + 2);
    List<Run> after = runsOf("acme|a").subList(before, runsOf("acme|a").size());
    assertThat(after).extracting(Run::url).containsOnly("http://v2.example/");

    scheduler.update(List.of(other));
    assertThat(scheduler.scheduled()).containsExactly("acme|b");
    int stoppedAt = runsOf("acme|a").size();
    int otherAt = runsOf("acme|b").size();
    await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("acme|b").size() >= otherAt + 2);
    assertThat(runsOf("acme|a")).hasSize(stoppedAt);
  }

  @Test
  void should_skipDisabled_otherRegions_andInvalidEndpoints() {
    EndpointDefinition disabled =
        endpoint("acme", "off", "http://off.example/").enabled(false).intervalMs(1_000).build();
    EndpointDefinition elsewhere =
        endpoint("acme", "far", "http://far.example/")
            .regions("ap-south")
            .intervalMs(1_000)
            .build();
    EndpointDefinition valid =
        endpoint("acme", "ok", "http://ok.example/").intervalMs(1_000).build();
    EndpointDefinition invalid =
        new EndpointDefinition(
            "acme",
            "bad",
            "bad",
            null,
            "ftp://nope",
            null,
            null,
            null,
            null,
            null,
            1_000L,
            null,
            List.of("eu-west"),
            null,
            null,
            null,
            null,
            null,
            null,
            valid.createdAt(),
            valid.updatedAt(),
            "t");

    scheduler.update(List.of(disabled, elsewhere, valid, invalid));

    assertThat(scheduler.scheduled()).containsExactly("acme|ok");
  }

  @Test
  void should_keepSchedule_whenTheSameDefinitionArrivesAgain() {
    EndpointDefinition a = endpoint("acme", "a", "http://a.example/").intervalMs(1_000).build();
    scheduler.update(List.of(a));
    await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("acme|a").size() >= 1);
    for (int i = 0; i < 20; i++) {
      scheduler.update(
          List.of(endpoint("acme", "a", "http://a.example/").intervalMs(1_000).build()));
    }
    int n = runsOf("acme|a").size();
    await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("acme|a").size() >= n + 2);
    List<Run> ra = runsOf("acme|a");
    for (int i = 1; i < ra.size(); i++) {
      assertThat(ra.get(i).atMillis() - ra.get(i - 1).atMillis()).isGreaterThan(700L);
    }
  }
}

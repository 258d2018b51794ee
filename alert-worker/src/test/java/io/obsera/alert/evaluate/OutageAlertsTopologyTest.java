package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.OutageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outage events to alerts: no rule needed. */
class OutageAlertsTopologyTest extends EvaluationDriverFixture {
  static final Instant START = T0.minusSeconds(90);

  void outage(OutageEvent.Kind kind, OutageEvent.State state, Instant time, String... regions) {
    OutageEvent e =
        new OutageEvent(
            TENANT,
            "shop",
            OutageEvent.outageId(TENANT, "shop", kind, START),
            kind,
            state,
            START,
            state == OutageEvent.State.RESOLVED ? time : null,
            List.of(regions),
            "HTTP 503",
            time);
    pipe(Topics.OUTAGE_EVENTS, e.key(), e);
  }

  void endpoint() {
    EndpointDefinition ep =
        new EndpointDefinition(
            TENANT,
            "shop",
            "Shop front",
            "storefront",
            "https://shop.example",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("eu", "us", "ap"),
            null,
            null,
            null,
            null,
            null,
            null,
            T0,
            T0,
            "test");
    pipe(Topics.CONTROL_ENDPOINTS, ep.key(), ep);
  }

  @Test
  void should_pageOnOpen_updateWhenRegionsChange_andResolveOnce() {
    endpoint();
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.OPEN, T0, "us", "eu");
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.OPEN, T0.plusSeconds(30), "eu", "us");
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    AlertEvent e = fired.get(0);
    assertThat(e.severity()).isEqualTo(Severity.PAGE);
    assertThat(e.source()).isEqualTo(AlertSource.OUTAGE);
    assertThat(e.ruleId()).isEqualTo("shop");
    assertThat(e.name()).isEqualTo("Shop front");
    assertThat(e.startsAt()).isEqualTo(START);
    assertThat(e.time()).isEqualTo(T0);
    assertThat(e.labels())
        .containsEntry("severity", "page")
        .containsEntry("source", "outage")
        .containsEntry("endpoint", "shop")
        .containsEntry("kind", "down")
        .containsEntry("regions", "eu,us")
        .containsEntry("service", "storefront");
    assertThat(e.summary()).contains("Shop front is down in eu, us: HTTP 503");

    outage(OutageEvent.Kind.DOWN, OutageEvent.State.OPEN, T0.plusSeconds(60), "ap", "eu", "us");
    List<AlertEvent> update = events();
    assertThat(update).hasSize(1);
    assertThat(update.get(0).sequence()).isEqualTo(2);
    assertThat(update.get(0).fingerprint()).isEqualTo(e.fingerprint());
    assertThat(update.get(0).labels()).containsEntry("regions", "ap,eu,us");

    outage(OutageEvent.Kind.DOWN, OutageEvent.State.RESOLVED, T0.plusSeconds(120));
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.RESOLVED, T0.plusSeconds(150));
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.OPEN, T0.plusSeconds(160), "eu");
    List<AlertEvent> resolved = events();
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.get(0).sequence()).isEqualTo(3);
    assertThat(resolved.get(0).endsAt()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  void should_openTickets_forDegradedAndNoData_withoutAnEndpointDefinition() {
    outage(OutageEvent.Kind.DEGRADED, OutageEvent.State.OPEN, T0, "eu");
    outage(OutageEvent.Kind.NO_DATA, OutageEvent.State.OPEN, T0);
    List<AlertEvent> fired = events();
    assertThat(fired)
        .extracting(AlertEvent::severity)
        .containsExactly(Severity.TICKET, Severity.TICKET);
    assertThat(fired.get(0).fingerprint()).isNotEqualTo(fired.get(1).fingerprint());
    assertThat(fired.get(1).labels()).containsEntry("kind", "no_data").doesNotContainKey("service");
    assertThat(fired.get(1).name()).isEqualTo("shop");
  }

  long entries() {
    try (var it = driver.getKeyValueStore(EvaluationTopology.OUTAGE_STATE_STORE).all()) {
      long n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void should_forgetAResolvedOutage_afterTheRetention() {
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.OPEN, T0, "eu", "us");
    outage(OutageEvent.Kind.DOWN, OutageEvent.State.RESOLVED, T0.plusSeconds(60));
    assertThat(events()).hasSize(2);
    assertThat(entries()).isEqualTo(1);
    tick(Duration.ofDays(6));
    assertThat(entries()).isEqualTo(1);
    tick(Duration.ofDays(2));
    assertThat(entries()).isZero();
  }
}
